using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Micro.Ingestion.Data.Migrations
{
    /// <inheritdoc />
    public partial class ParkOutboxRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ParkedAt",
                table: "pending_publications",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ParkedAt",
                table: "pending_publications");
        }
    }
}
