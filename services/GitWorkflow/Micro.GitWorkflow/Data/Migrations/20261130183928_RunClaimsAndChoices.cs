using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Micro.GitWorkflow.Data.Migrations
{
    /// <inheritdoc />
    public partial class RunClaimsAndChoices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BaseBranch",
                table: "workflow_runs",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChangeRequestUrl",
                table: "workflow_runs",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "workflow_runs",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedUntil",
                table: "workflow_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ExecutedAt",
                table: "workflow_runs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WorkBranch",
                table: "workflow_runs",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_workflow_runs_ClaimedUntil",
                table: "workflow_runs",
                column: "ClaimedUntil");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_workflow_runs_ClaimedUntil",
                table: "workflow_runs");

            migrationBuilder.DropColumn(
                name: "BaseBranch",
                table: "workflow_runs");

            migrationBuilder.DropColumn(
                name: "ChangeRequestUrl",
                table: "workflow_runs");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "workflow_runs");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "workflow_runs");

            migrationBuilder.DropColumn(
                name: "ExecutedAt",
                table: "workflow_runs");

            migrationBuilder.DropColumn(
                name: "WorkBranch",
                table: "workflow_runs");
        }
    }
}
