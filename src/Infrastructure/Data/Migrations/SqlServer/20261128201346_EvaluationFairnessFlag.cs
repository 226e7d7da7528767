using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelOpsPortal.Infrastructure.Data.Migrations.SqlServer
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
                type: "bit",
                nullable: false,
                defaultValue: false);

            // Evaluations stored before the column: set it from the stored results (OPENJSON, SQL Server 2016 and later).
            // Through EXEC: the script runs a migration as one batch, compiled before the column exists.
            migrationBuilder.Sql("""
                EXEC(N'UPDATE Evaluations SET FairnessFailed = 1
                WHERE ISJSON(ResultJson) = 1
                  AND EXISTS (SELECT 1 FROM OPENJSON(ResultJson, ''$.fairness'') f WHERE JSON_VALUE(f.value, ''$.status'') = ''Fail'');');
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
