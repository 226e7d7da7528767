using System.Globalization;
using Microsoft.Data.SqlClient;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// Which database the integration tests run on (<c>MODELOPS_TEST_PROVIDER</c>): <c>Sqlite</c> files by default;
/// <c>Postgres</c>, a fresh database per portal in the run's throwaway cluster, as <c>.ci/run</c>'s second pass sets it;
/// <c>SqlServer</c>, a fresh database per portal on the server <c>ConnectionStrings__SqlServerTests</c> names (a login
/// that may create databases), as <c>.ci/run</c>'s third pass and <c>docker compose --profile test run tests</c> set it.
/// </summary>
public static class TestProvider
{
    public const string SqlServerVariable = "ConnectionStrings__SqlServerTests";

    private static int sqlServerDatabases;

    public static DatabaseProvider Current { get; } = Enum.TryParse<DatabaseProvider>(
        Environment.GetEnvironmentVariable("MODELOPS_TEST_PROVIDER"), ignoreCase: true, out var provider) ? provider : DatabaseProvider.Sqlite;

    /// <summary>A SQL Server to test on, or null.</summary>
    public static string? SqlServer => Environment.GetEnvironmentVariable(SqlServerVariable) is { Length: > 0 } s ? s : null;

    /// <summary>A new, empty database on the run's server; null on SQLite.</summary>
    public static string? NewServerDatabase() => Current switch
    {
        DatabaseProvider.Postgres => PostgresCluster.Current!.CreateDatabaseAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult(),
        DatabaseProvider.SqlServer => CreateSqlServerDatabase(),
        _ => null,
    };

    /// <summary>Drops a database <see cref="NewServerDatabase"/> made, after closing its pooled connections.</summary>
    public static void DropServerDatabase(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            PostgresCluster.DropDatabase(connectionString);
            return;
        }

        using (var pooled = new SqlConnection(connectionString))
        {
            SqlConnection.ClearPool(pooled);
        }

        var builder = new SqlConnectionStringBuilder(connectionString);
        var name = builder.InitialCatalog;
        builder.InitialCatalog = "master";
        builder.Pooling = false;
        using var connection = new SqlConnection(builder.ConnectionString);
        connection.Open();
        using var drop = new SqlCommand($"IF DB_ID(N'{name}') IS NOT NULL BEGIN ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]; END", connection);
        drop.ExecuteNonQuery();
    }

    /// <summary>For a test about SQLite itself (its file, its locks): skipped, saying why, on a server.</summary>
    public static void SkipUnlessSqlite(string why) => Assert.SkipWhen(Current != DatabaseProvider.Sqlite, $"SQLite-specific: {why}");

    private static string CreateSqlServerDatabase()
    {
        var server = SqlServer ?? throw new InvalidOperationException(
            $"MODELOPS_TEST_PROVIDER=SqlServer needs {SqlServerVariable}: a SQL Server connection string whose login may create databases.");
        var name = string.Create(CultureInfo.InvariantCulture, $"portal_{Environment.ProcessId}_{Interlocked.Increment(ref sqlServerDatabases)}");
        var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = "master", Pooling = false };
        using (var connection = new SqlConnection(builder.ConnectionString))
        {
            connection.Open();
            using var create = new SqlCommand($"CREATE DATABASE [{name}]", connection);
            create.ExecuteNonQuery();
        }

        builder.InitialCatalog = name;
        builder.Pooling = true;
        return builder.ConnectionString;
    }
}
