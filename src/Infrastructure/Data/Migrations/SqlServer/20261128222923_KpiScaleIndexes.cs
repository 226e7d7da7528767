using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelOpsPortal.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class KpiScaleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "DecisionDays",
                table: "Requests",
                type: "float",
                nullable: true,
                computedColumnSql: "CASE WHEN [Status] IN (N'Approved', N'Rejected') AND [ClosedAt] IS NOT NULL THEN CAST(DATEDIFF_BIG(millisecond, [RequestedAt], [ClosedAt]) AS float) / 86400000.0 END",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_StageChanges_ModelId_ToStage_VersionNumber_ChangedAt",
                table: "StageChanges",
                columns: new[] { "ModelId", "ToStage", "VersionNumber", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Kind_DecisionDays",
                table: "Requests",
                columns: new[] { "Kind", "DecisionDays" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_ModelId_ProductionRole",
                table: "ModelVersions",
                columns: new[] { "ModelId", "ProductionRole" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StageChanges_ModelId_ToStage_VersionNumber_ChangedAt",
                table: "StageChanges");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Kind_DecisionDays",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_ModelId_ProductionRole",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "DecisionDays",
                table: "Requests");
        }
    }
}
