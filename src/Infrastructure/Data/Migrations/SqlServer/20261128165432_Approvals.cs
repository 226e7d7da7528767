using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelOpsPortal.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Approvals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AcceptNoChampion",
                table: "Requests",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "ApprovalsRequired",
                table: "Requests",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAt",
                table: "Requests",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "Requests",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ConcurrencyStamp",
                table: "Requests",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<bool>(
                name: "FairnessFailed",
                table: "Requests",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PreviousChampion",
                table: "Requests",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Successor",
                table: "Requests",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetRole",
                table: "Requests",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RequestDecisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    RequestId = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Decider = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Comment = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    FairnessOverride = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestDecisions_Requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StageChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ModelId = table.Column<int>(type: "int", nullable: false),
                    VersionNumber = table.Column<int>(type: "int", nullable: false),
                    FromStage = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    FromRole = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    ToStage = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    ToRole = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    RequestId = table.Column<int>(type: "int", nullable: true),
                    ChangedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StageChanges_Models_ModelId",
                        column: x => x.ModelId,
                        principalTable: "Models",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_RequestedAt",
                table: "Requests",
                columns: new[] { "Status", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "UX_Requests_OneOpenPerKind",
                table: "Requests",
                columns: new[] { "ModelId", "VersionNumber", "Kind" },
                unique: true,
                filter: "\"Status\" = 'Open'");

            migrationBuilder.CreateIndex(
                name: "IX_RequestDecisions_RequestId",
                table: "RequestDecisions",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_StageChanges_ModelId_VersionNumber_ChangedAt",
                table: "StageChanges",
                columns: new[] { "ModelId", "VersionNumber", "ChangedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RequestDecisions");

            migrationBuilder.DropTable(
                name: "StageChanges");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Status_RequestedAt",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "UX_Requests_OneOpenPerKind",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "AcceptNoChampion",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "ApprovalsRequired",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "ClosedBy",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "ConcurrencyStamp",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "FairnessFailed",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "PreviousChampion",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "Successor",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "TargetRole",
                table: "Requests");
        }
    }
}
