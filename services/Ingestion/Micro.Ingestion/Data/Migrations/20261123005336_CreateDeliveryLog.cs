using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Micro.Ingestion.Data.Migrations
{
    /// <inheritdoc />
    public partial class CreateDeliveryLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "deliveries",
                columns: table => new
                {
                    DeliveryId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Event = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Repository = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    InstallationId = table.Column<long>(type: "bigint", nullable: true),
                    Sender = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false)
                        .Annotation("Npgsql:Compression:", "lz4"),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    IgnoredReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PublishCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deliveries", x => x.DeliveryId);
                });

            migrationBuilder.CreateTable(
                name: "pending_publications",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeliveryId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EnqueuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NotBefore = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pending_publications", x => x.Sequence);
                    table.ForeignKey(
                        name: "FK_pending_publications_deliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "deliveries",
                        principalColumn: "DeliveryId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_Event_ReceivedAt",
                table: "deliveries",
                columns: new[] { "Event", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_ReceivedAt",
                table: "deliveries",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_Repository_ReceivedAt",
                table: "deliveries",
                columns: new[] { "Repository", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_pending_publications_DeliveryId",
                table: "pending_publications",
                column: "DeliveryId");

            migrationBuilder.CreateIndex(
                name: "IX_pending_publications_MessageId",
                table: "pending_publications",
                column: "MessageId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pending_publications");

            migrationBuilder.DropTable(
                name: "deliveries");
        }
    }
}
