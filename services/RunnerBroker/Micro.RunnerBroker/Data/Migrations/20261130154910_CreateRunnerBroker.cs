using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Micro.RunnerBroker.Data.Migrations
{
    /// <inheritdoc />
    public partial class CreateRunnerBroker : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "failed_messages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Destination = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    MessageType = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Headers = table.Column<string>(type: "text", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    FirstFailedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastFailedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeadAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_failed_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "launcher_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JobKey = table.Column<Guid>(type: "uuid", nullable: false),
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    LaunchNumber = table.Column<int>(type: "integer", nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_launcher_tokens", x => x.Id);
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
                name: "repository_mappings",
                columns: table => new
                {
                    RepositoryKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Repository = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    User = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_repository_mappings", x => x.RepositoryKey);
                });

            migrationBuilder.CreateTable(
                name: "runner_jobs",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentState = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: false),
                    Repository = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    RepositoryKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    RepositoryUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    InstallationId = table.Column<long>(type: "bigint", nullable: true),
                    JobName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Labels = table.Column<string>(type: "text", nullable: false),
                    Partition = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LauncherUser = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    LauncherAnswer = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Conclusion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Launches = table.Column<string>(type: "text", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    QueuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LaunchedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    TokenExchangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LaunchTries = table.Column<int>(type: "integer", nullable: false),
                    CheckAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelsDue = table.Column<bool>(type: "boolean", nullable: false),
                    CallingSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CallId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_runner_jobs", x => x.CorrelationId);
                });

            migrationBuilder.CreateTable(
                name: "signing_keys",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Pem = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signing_keys", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_failed_messages_DeadAt_DueAt",
                table: "failed_messages",
                columns: new[] { "DeadAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_failed_messages_MessageId_Destination",
                table: "failed_messages",
                columns: new[] { "MessageId", "Destination" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_launcher_tokens_ExpiresAt",
                table: "launcher_tokens",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_launcher_tokens_JobKey",
                table: "launcher_tokens",
                column: "JobKey");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_MessageId",
                table: "outbox_messages",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_repository_mappings_User",
                table: "repository_mappings",
                column: "User");

            migrationBuilder.CreateIndex(
                name: "IX_runner_jobs_CancelsDue",
                table: "runner_jobs",
                column: "CancelsDue");

            migrationBuilder.CreateIndex(
                name: "IX_runner_jobs_CurrentState_CheckAt",
                table: "runner_jobs",
                columns: new[] { "CurrentState", "CheckAt" });

            migrationBuilder.CreateIndex(
                name: "IX_runner_jobs_CurrentState_DueAt",
                table: "runner_jobs",
                columns: new[] { "CurrentState", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_runner_jobs_FirstSeenAt",
                table: "runner_jobs",
                column: "FirstSeenAt");

            migrationBuilder.CreateIndex(
                name: "IX_runner_jobs_JobId",
                table: "runner_jobs",
                column: "JobId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_runner_jobs_RepositoryKey_FirstSeenAt",
                table: "runner_jobs",
                columns: new[] { "RepositoryKey", "FirstSeenAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "failed_messages");

            migrationBuilder.DropTable(
                name: "launcher_tokens");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "repository_mappings");

            migrationBuilder.DropTable(
                name: "runner_jobs");

            migrationBuilder.DropTable(
                name: "signing_keys");
        }
    }
}
