using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Micro.Rerun.Data.Migrations
{
    /// <inheritdoc />
    public partial class CreateRerunDatabase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "circleci_rerun_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkflowKey = table.Column<Guid>(type: "uuid", nullable: false),
                    Repository = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    BranchPrefix = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ProjectSlug = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    WorkflowName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    DryRun = table.Column<bool>(type: "boolean", nullable: false),
                    InstallationId = table.Column<long>(type: "bigint", nullable: true),
                    Trigger = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Detail = table.Column<string>(type: "text", nullable: true),
                    Branch = table.Column<string>(type: "text", nullable: true),
                    BranchCount = table.Column<int>(type: "integer", nullable: true),
                    PipelineId = table.Column<string>(type: "text", nullable: true),
                    PipelineNumber = table.Column<long>(type: "bigint", nullable: true),
                    WorkflowId = table.Column<string>(type: "text", nullable: true),
                    WorkflowStatus = table.Column<string>(type: "text", nullable: true),
                    RerunWorkflowId = table.Column<string>(type: "text", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true),
                    CoalescedInto = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_circleci_rerun_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "circleci_workflow_reruns",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentState = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProjectSlug = table.Column<string>(type: "text", nullable: false),
                    WorkflowName = table.Column<string>(type: "text", nullable: false),
                    ActiveRequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActiveSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Waiting = table.Column<string>(type: "text", nullable: false),
                    RerunRequestId = table.Column<Guid>(type: "uuid", nullable: true),
                    RerunPipelineId = table.Column<string>(type: "text", nullable: true),
                    RerunWorkflowId = table.Column<string>(type: "text", nullable: true),
                    InFlightSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_circleci_workflow_reruns", x => x.CorrelationId);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageType = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Failure = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Sequence);
                });

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
                name: "IX_circleci_rerun_requests_State_CreatedAt",
                table: "circleci_rerun_requests",
                columns: new[] { "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_circleci_workflow_reruns_CurrentState",
                table: "circleci_workflow_reruns",
                column: "CurrentState");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_MessageId",
                table: "outbox_messages",
                column: "MessageId",
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_workflow_run_attempts_UpdatedAt",
                table: "workflow_run_attempts",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "circleci_rerun_requests");

            migrationBuilder.DropTable(
                name: "circleci_workflow_reruns");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "workflow_run_attempts");
        }
    }
}
