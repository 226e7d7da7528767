using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelOpsPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KpiIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Requests_ModelId_Status_Kind",
                table: "Requests",
                columns: new[] { "ModelId", "Status", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_ModelId_Stage",
                table: "ModelVersions",
                columns: new[] { "ModelId", "Stage" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_ModelId_Status_Kind",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_ModelId_Stage",
                table: "ModelVersions");
        }
    }
}
