using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Micro.Rerun.Migrations
{
    /// <inheritdoc />
    public partial class IndexRunAttemptsByLastChange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_workflow_run_attempts_UpdatedAt",
                table: "workflow_run_attempts",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_workflow_run_attempts_UpdatedAt",
                table: "workflow_run_attempts");
        }
    }
}
