using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Micro.Rerun.Data.Migrations
{
    /// <inheritdoc />
    public partial class ClaimCircleCiRerunCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedAt",
                table: "circleci_rerun_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RerunCalls",
                table: "circleci_rerun_requests",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "circleci_rerun_requests");

            migrationBuilder.DropColumn(
                name: "RerunCalls",
                table: "circleci_rerun_requests");
        }
    }
}
