using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelOpsPortal.Infrastructure.Data.Migrations.SqlServer
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
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "RiskTier",
                table: "Requests",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            // Requests made before the developers and tier were frozen on them: the model's as they are now is the best known.
            // Through EXEC: the script runs a migration as one batch, compiled before these columns exist.
            migrationBuilder.Sql(@"EXEC(N'UPDATE r SET r.[Developers] = m.[Developers], r.[RiskTier] = m.[RiskTier] FROM [Requests] r JOIN [Models] m ON m.[Id] = r.[ModelId];');");

            // Keys created before keys became service accounts acted under whatever name an Admin typed, a person's included:
            // from now on they act, and are recorded, as the service account they always were.
            migrationBuilder.Sql(@"UPDATE [ApiKeys] SET [Owner] = N'svc:' + LEFT([Owner], 96) WHERE [Owner] NOT LIKE N'svc:%';");
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
