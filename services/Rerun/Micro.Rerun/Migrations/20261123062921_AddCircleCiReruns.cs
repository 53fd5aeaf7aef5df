using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Micro.Rerun.Migrations
{
    /// <inheritdoc />
    public partial class AddCircleCiReruns : Migration
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

            migrationBuilder.CreateIndex(
                name: "IX_circleci_rerun_requests_State_CreatedAt",
                table: "circleci_rerun_requests",
                columns: new[] { "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_circleci_workflow_reruns_CurrentState",
                table: "circleci_workflow_reruns",
                column: "CurrentState");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "circleci_rerun_requests");

            migrationBuilder.DropTable(
                name: "circleci_workflow_reruns");
        }
    }
}
