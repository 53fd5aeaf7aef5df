using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Micro.Rerun.Data.Migrations
{
    /// <inheritdoc />
    public partial class HeapOnlyUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_workflow_run_attempts_UpdatedAt",
                table: "workflow_run_attempts");

            migrationBuilder.AlterTable(
                name: "workflow_run_attempts")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "workflow_run_attempts")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.CreateIndex(
                name: "IX_workflow_run_attempts_UpdatedAt",
                table: "workflow_run_attempts",
                column: "UpdatedAt");
        }
    }
}
