using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Micro.PrLock.Data.Migrations
{
    /// <inheritdoc />
    public partial class PullRequestOrderAndGrantTimeout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "GitHubUpdatedAt",
                table: "pull_request_heads",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "HandedOverAt",
                table: "environment_locks",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GitHubUpdatedAt",
                table: "pull_request_heads");

            migrationBuilder.DropColumn(
                name: "HandedOverAt",
                table: "environment_locks");
        }
    }
}
