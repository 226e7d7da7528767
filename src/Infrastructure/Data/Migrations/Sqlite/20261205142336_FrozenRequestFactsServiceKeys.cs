using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelOpsPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FrozenRequestFactsServiceKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Developers",
                table: "Requests",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "RiskTier",
                table: "Requests",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            // Requests made before the developers and tier were frozen on them: the model's as they are now is the best known.
            migrationBuilder.Sql(@"UPDATE ""Requests"" SET ""Developers"" = (SELECT ""Developers"" FROM ""Models"" WHERE ""Models"".""Id"" = ""Requests"".""ModelId""), ""RiskTier"" = (SELECT ""RiskTier"" FROM ""Models"" WHERE ""Models"".""Id"" = ""Requests"".""ModelId"");");

            // Keys created before keys became service accounts acted under whatever name an Admin typed, a person's included:
            // from now on they act, and are recorded, as the service account they always were.
            migrationBuilder.Sql(@"UPDATE ""ApiKeys"" SET ""Owner"" = 'svc:' || substr(""Owner"", 1, 96) WHERE ""Owner"" NOT LIKE 'svc:%';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Developers",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "RiskTier",
                table: "Requests");
        }
    }
}
