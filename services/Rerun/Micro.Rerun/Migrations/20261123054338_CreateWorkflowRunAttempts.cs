using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Micro.Rerun.Migrations
{
    /// <inheritdoc />
    public partial class CreateWorkflowRunAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "workflow_run_attempts",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentState = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Repository = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    RepositoryKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    RunAttempt = table.Column<int>(type: "integer", nullable: false),
                    InstallationId = table.Column<long>(type: "bigint", nullable: true),
                    WorkflowName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    HeadBranch = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Jobs = table.Column<string>(type: "text", nullable: false),
                    RunCompleted = table.Column<bool>(type: "boolean", nullable: false),
                    RunConclusion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Failure = table.Column<string>(type: "text", nullable: true),
                    Decision = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    GitHubAnswer = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinalAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CallingSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    GitHubAttempts = table.Column<int>(type: "integer", nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workflow_run_attempts", x => x.CorrelationId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_workflow_run_attempts_CurrentState_DueAt",
                table: "workflow_run_attempts",
                columns: new[] { "CurrentState", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_workflow_run_attempts_FirstSeenAt",
                table: "workflow_run_attempts",
                column: "FirstSeenAt");

            migrationBuilder.CreateIndex(
                name: "IX_workflow_run_attempts_RepositoryKey_FirstSeenAt",
                table: "workflow_run_attempts",
                columns: new[] { "RepositoryKey", "FirstSeenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_workflow_run_attempts_RepositoryKey_RunId_RunAttempt",
                table: "workflow_run_attempts",
                columns: new[] { "RepositoryKey", "RunId", "RunAttempt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "workflow_run_attempts");
        }
    }
}
