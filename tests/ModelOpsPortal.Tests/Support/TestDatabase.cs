using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Microsoft.Extensions.Time.Testing;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// A real database, migrated like the portal's: a SQLite file deleted when the test ends, or, when given a PostgreSQL
/// connection string (<see cref="TestProvider"/>), a fresh database in the test run's throwaway cluster.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<PortalDbContext>, IDisposable
{
    /// <summary>The fixed "now" of every test, so that dates and the demo portfolio are reproducible.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private readonly DbContextOptions<SqlitePortalDbContext>? sqlite;
    private readonly DbContextOptions<PostgresPortalDbContext>? postgres;
    private readonly bool owned;

    /// <summary>A SQLite file, or a PostgreSQL database when the run is on PostgreSQL (<see cref="TestProvider"/>).</summary>
    public TestDatabase()
        : this(TestProvider.NewPostgresDatabase(), owned: true)
    {
    }

    /// <param name="postgresConnection">A PostgreSQL database to use instead of a SQLite file (its creator drops it).</param>
    public TestDatabase(string? postgresConnection)
        : this(postgresConnection, owned: false)
    {
    }

    private TestDatabase(string? postgresConnection, bool owned)
    {
        this.owned = owned;
        if (postgresConnection is null)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"modelops-test-{Guid.NewGuid():N}.db");
            ConnectionString = $"Data Source={Path};Pooling=False";
            sqlite = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(ConnectionString).AddInterceptors(SqlServerQueryCheck.Instance).Options;
        }
        else
        {
            Path = "";
            ConnectionString = postgresConnection;
            postgres = new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(ConnectionString).AddInterceptors(SqlServerQueryCheck.Instance).Options;
        }

        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    public bool IsPostgres => postgres is not null;
    public string Path { get; }
    public string ConnectionString { get; }
    public FakeTimeProvider Clock { get; } = new(Now);

    public PortalDbContext CreateDbContext() => postgres is not null ? new PostgresPortalDbContext(postgres) : new SqlitePortalDbContext(sqlite!);

    /// <summary>
    /// Runs SQL on a connection of its own, as another process (a DBA, another instance) would: the portal's contexts know
    /// nothing of it. Quote identifiers with double quotes (SQLite and PostgreSQL both read them); parameters as <c>@name</c>.
    /// </summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using DbConnection connection = IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        if (IsPostgres)
        {
            if (owned)
            {
                PostgresCluster.DropDatabase(ConnectionString); // and its pooled connections: the cluster allows a few hundred
            }

            return;
        }

        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
