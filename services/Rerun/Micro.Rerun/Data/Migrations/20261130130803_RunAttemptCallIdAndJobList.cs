using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Micro.Rerun.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunAttemptCallIdAndJobList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CallId",
                table: "workflow_run_attempts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "JobsListed",
                table: "workflow_run_attempts",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CallId",
                table: "workflow_run_attempts");

            migrationBuilder.DropColumn(
                name: "JobsListed",
                table: "workflow_run_attempts");
        }
    }
}
