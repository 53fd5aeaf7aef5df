using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Micro.Ingestion.Data.Migrations
{
    /// <inheritdoc />
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ParkedAt",
                table: "pending_publications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "recovery_pass_claims",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_recovery_pass_claims", x => x.Name);
                });

            migrationBuilder.InsertData(
                table: "recovery_pass_claims",
                columns: new[] { "Name", "StartedAt" },
                values: new object[] { "webhook-recovery", new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc) });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recovery_pass_claims");

            migrationBuilder.DropColumn(
                name: "ParkedAt",
                table: "pending_publications");
        }
    }
}
