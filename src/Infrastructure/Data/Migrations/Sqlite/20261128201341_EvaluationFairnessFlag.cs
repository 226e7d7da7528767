using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelOpsPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EvaluationFairnessFlag : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FairnessFailed",
                table: "Evaluations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Evaluations stored before the column: set it from the stored results (SQLite's JSON functions).
            migrationBuilder.Sql("""
                UPDATE Evaluations SET FairnessFailed = 1
                WHERE json_valid(ResultJson)
                  AND EXISTS (SELECT 1 FROM json_each(ResultJson, '$.fairness') WHERE json_extract(value, '$.status') = 'Fail');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FairnessFailed",
                table: "Evaluations");
        }
    }
}
