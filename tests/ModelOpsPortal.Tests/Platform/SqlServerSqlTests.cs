using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Web;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// SQL Server's SQL checked without a server (issue #20): what the portal would send is parsed with Microsoft's own
/// T-SQL parser (ScriptDom) for SQL Server 2019, with QUOTED_IDENTIFIER on as SqlClient sets it.
/// </summary>
[Trait("Category", "Database")]
public sealed partial class SqlServerSqlTests
{
    private static IReadOnlyList<string> ParseErrors(string sql)
    {
        var parser = new TSql150Parser(initialQuotedIdentifiers: true);
        parser.Parse(new StringReader(sql), out var errors);
        return [.. errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")];
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline)]
    private static partial Regex BatchSeparator();

    [Fact]
    public void The_parser_refuses_what_sql_server_would()
    {
        Assert.Empty(ParseErrors("SELECT [Id] FROM \"Models\" WHERE \"ProductionRole\" = N'Champion';"));
        Assert.NotEmpty(ParseErrors("SELECT [Id] FROM [Models] LIMIT 5;")); // SQLite's and PostgreSQL's LIMIT is not T-SQL
        Assert.NotEmpty(ParseErrors("UPDATE [Models] SET [Name] = N'x' WHERE;"));
    }

    [Fact]
    public void Every_batch_of_the_idempotent_migration_script_parses_as_tsql()
    {
        using var db = new SqlServerPortalDbContextFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Script | MigrationsSqlGenerationOptions.Idempotent);

        var batches = BatchSeparator().Split(script).Where(b => !string.IsNullOrWhiteSpace(b)).ToList();

        Assert.Equal(db.Database.GetMigrations().Count() + 1, batches.Count); // the history table, then one batch per migration
        Assert.Contains(batches, b => b.Contains("UX_ModelVersions_OneChampionPerModel", StringComparison.Ordinal)); // the filtered index
        Assert.Contains(batches, b => b.Contains("DATEDIFF_BIG(millisecond", StringComparison.Ordinal)); // the computed column
        Assert.All(batches, b => Assert.True(ParseErrors(b).Count == 0, string.Join("; ", ParseErrors(b)) + "\n" + b));
    }

    /// <summary>
    /// SQL Server compiles a whole batch before running it, so a statement that reads or writes a column added earlier in
    /// the same batch fails ("Invalid column name") unless it is deferred with EXEC. Applying migrations from the portal
    /// runs each statement alone and never shows this; a DBA applying the script does.
    /// </summary>
    [Fact]
    public void No_batch_of_the_script_reads_or_writes_a_column_it_adds_except_through_exec()
    {
        using var db = new SqlServerPortalDbContextFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Script | MigrationsSqlGenerationOptions.Idempotent);
        var parsed = (TSqlScript)new TSql150Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);
        Assert.Empty(errors);

        var problems = new List<string>();
        foreach (var batch in parsed.Batches)
        {
            var check = new SameBatchColumns();
            batch.Accept(check);
            problems.AddRange(check.Problems);
        }

        Assert.Empty(problems);
        var caught = new SameBatchColumns();
        new TSql150Parser(true).Parse(new StringReader("ALTER TABLE [T] ADD [C] int NULL; UPDATE [T] SET [C] = 1;"), out _).Accept(caught);
        Assert.Single(caught.Problems); // the check itself sees the mistake
    }

    /// <summary>
    /// Every query the services compile in any test is translated for SQL Server and parsed (<see cref="SqlServerQueryCheck"/>);
    /// here one that SQL Server cannot translate fails where it runs, so the check is known to bite.
    /// </summary>
    [Fact]
    public void A_query_sql_server_cannot_translate_fails_where_it_runs()
    {
        TestProvider.SkipUnlessSqlite("GLOB is SQLite's own function");
        using var database = new TestDatabase();
        using var db = database.CreateDbContext();

        var error = Assert.Throws<InvalidOperationException>(() => db.Models.Where(m => EF.Functions.Glob(m.Name, "Retail*")).ToList());

        Assert.Contains("SQL Server cannot run a query of the portal", error.Message, StringComparison.Ordinal);
        Assert.Contains("Glob", error.Message, StringComparison.Ordinal); // the query is named
    }

    /// <summary>The one statement the portal writes itself, in SQL Server's dialect (no ON CONFLICT there).</summary>
    [Fact]
    public async Task The_idempotency_key_claim_is_one_statement_sql_server_parses_and_locks_the_key_range()
    {
        var now = TestDatabase.Now.UtcDateTime;
        var claim = new IdempotencyRecord { Caller = "pipeline", Key = "k-1", Fingerprint = new string('a', 64), CreatedAt = now, ExpiresAt = now.AddHours(1) };

        var statements = await SqlServerQueryCheck.RunAsync(db => Idempotency.InsertUnlessClaimedAsync(db, claim, TestContext.Current.CancellationToken));

        var sql = Assert.Single(statements);
        Assert.StartsWith("INSERT INTO [IdempotencyRecords]", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE NOT EXISTS", sql, StringComparison.Ordinal);
        Assert.Contains("WITH (UPDLOCK, HOLDLOCK)", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("ON CONFLICT", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_models_path_to_champion_runs_queries_that_sql_server_translates_and_parses()
    {
        await using var portal = new PortalFactory();
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);
        using var validator = portal.CreateClient(PortalRoles.Validator);
        using var auditor = portal.CreateClient(PortalRoles.Auditor);
        var ct = TestContext.Current.CancellationToken;
        var input = Inputs.Model("Translated everywhere");
        input.RiskTier = RiskTier.Medium;
        using var created = await scientist.PostAsJsonAsync("/api/models", input, Inputs.Json, ct);
        var model = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt32();
        (await scientist.PostAsJsonAsync($"/api/models/{model}/versions", Inputs.Version(), Inputs.Json, ct)).EnsureSuccessStatusCode();
        foreach (var body in new object[] { new { kind = "validation", justification = "Ready." }, new { kind = "promotion", role = "champion", justification = "Validated." } })
        {
            using var request = await scientist.PostAsJsonAsync($"/api/models/{model}/versions/1/requests", body, ct);
            var id = (await request.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt32();
            (await validator.PostAsJsonAsync($"/api/requests/{id}/approve", new { comment = "Checked." }, ct)).EnsureSuccessStatusCode();
        }

        (await auditor.GetAsync("/api/models?name=translated", ct)).EnsureSuccessStatusCode();
        (await auditor.GetAsync($"/api/models/{model}/champion", ct)).EnsureSuccessStatusCode();
        (await auditor.GetAsync("/api/audit/verify", ct)).EnsureSuccessStatusCode();

        // Each statement was parsed as it was translated; here: the shapes SQL Server needs in its own words.
        var statements = SqlServerQueryCheck.Instance.Statements;
        Assert.Contains(statements, s => s.Contains("FROM [Models]", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Contains("LIKE", StringComparison.Ordinal) && s.Contains("ESCAPE N'\\'", StringComparison.Ordinal)); // the name search
        Assert.Contains(statements, s => s.Contains("UPDATE [", StringComparison.Ordinal)); // ExecuteUpdate: the row locks and stage changes
        Assert.Contains(statements, s => s.Contains("TOP(", StringComparison.Ordinal)); // paging and First as SQL Server writes them
        Assert.DoesNotContain(statements, s => s.Contains(" LIMIT ", StringComparison.Ordinal));
    }

    private sealed class SameBatchColumns : TSqlFragmentVisitor
    {
        private readonly HashSet<string> added = new(StringComparer.OrdinalIgnoreCase);
        private int dml;

        public List<string> Problems { get; } = [];

        public override void ExplicitVisit(AlterTableAddTableElementStatement node)
        {
            foreach (var column in node.Definition.ColumnDefinitions)
            {
                added.Add(column.ColumnIdentifier.Value);
            }

            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(UpdateStatement node) => InDml(() => base.ExplicitVisit(node));

        public override void ExplicitVisit(InsertStatement node) => InDml(() => base.ExplicitVisit(node));

        public override void ExplicitVisit(DeleteStatement node) => InDml(() => base.ExplicitVisit(node));

        public override void ExplicitVisit(MergeStatement node) => InDml(() => base.ExplicitVisit(node));

        public override void ExplicitVisit(ColumnReferenceExpression node)
        {
            if (dml > 0 && node.MultiPartIdentifier is { Identifiers.Count: > 0 } name && added.Contains(name.Identifiers[^1].Value))
            {
                Problems.Add($"line {node.StartLine}: {name.Identifiers[^1].Value} is added earlier in the same batch; wrap the statement in EXEC(N'...')");
            }

            base.ExplicitVisit(node);
        }

        private void InDml(Action visit)
        {
            dml++;
            visit();
            dml--;
        }
    }
}
