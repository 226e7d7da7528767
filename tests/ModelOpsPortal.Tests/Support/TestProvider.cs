namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// Which database the integration tests run on: SQLite files by default; PostgreSQL (a fresh database per portal in the
/// run's throwaway cluster) when <c>MODELOPS_TEST_PROVIDER=Postgres</c>, as <c>.ci/run</c>'s second pass sets it.
/// </summary>
public static class TestProvider
{
    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("MODELOPS_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>A new PostgreSQL database when the run is on PostgreSQL; null on SQLite.</summary>
    public static string? NewPostgresDatabase() =>
        IsPostgres ? PostgresCluster.Current!.CreateDatabaseAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult() : null;

    /// <summary>For a test about SQLite itself (its file, its locks): skipped, saying why, on a PostgreSQL run.</summary>
    public static void SkipUnlessSqlite(string why) => Assert.SkipWhen(IsPostgres, $"SQLite-specific: {why}");
}
