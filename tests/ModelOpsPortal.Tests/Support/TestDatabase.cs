using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ModelOpsPortal.Infrastructure.Data;
using Npgsql;

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// A real database, migrated like the portal's: a SQLite file deleted when the test ends by default, or a fresh database
/// on the server the run is on (<see cref="TestProvider"/>): PostgreSQL's throwaway cluster, or a given SQL Server.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<PortalDbContext>, IDisposable
{
    /// <summary>The fixed "now" of every test, so that dates and the demo portfolio are reproducible.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private readonly Func<PortalDbContext> create;
    private readonly bool owned;

    /// <summary>A database on the provider the run is on: a SQLite file unless <see cref="TestProvider"/> says otherwise.</summary>
    public TestDatabase()
        : this(TestProvider.Current, TestProvider.NewServerDatabase(), owned: true)
    {
    }

    /// <param name="postgresConnection">A PostgreSQL database to use instead of a SQLite file (its creator drops it).</param>
    public TestDatabase(string postgresConnection)
        : this(DatabaseProvider.Postgres, postgresConnection, owned: false)
    {
    }

    private TestDatabase(DatabaseProvider provider, string? serverConnection, bool owned)
    {
        Provider = provider;
        this.owned = owned;
        Path = "";
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                ConnectionString = serverConnection!;
                var postgres = new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(ConnectionString).AddInterceptors(SqlServerQueryCheck.Instance).Options;
                create = () => new PostgresPortalDbContext(postgres);
                break;
            case DatabaseProvider.SqlServer:
                ConnectionString = serverConnection!;
                var sqlServer = new DbContextOptionsBuilder<SqlServerPortalDbContext>()
                    .UseSqlServer(ConnectionString, o => o.UseCompatibilityLevel(DatabaseSetup.SqlServerCompatibilityLevel))
                    .AddInterceptors(SqlServerQueryCheck.Instance).Options;
                create = () => new SqlServerPortalDbContext(sqlServer);
                break;
            default:
                Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"modelops-test-{Guid.NewGuid():N}.db");
                ConnectionString = $"Data Source={Path};Pooling=False";
                var sqlite = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(ConnectionString).AddInterceptors(SqlServerQueryCheck.Instance).Options;
                create = () => new SqlitePortalDbContext(sqlite);
                break;
        }

        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file; empty on a server.</summary>
    public string Path { get; }

    public string ConnectionString { get; }
    public FakeTimeProvider Clock { get; } = new(Now);

    public PortalDbContext CreateDbContext() => create();

    /// <summary>
    /// Runs SQL on a connection of its own, as another process (a DBA, another instance) would: the portal's contexts know
    /// nothing of it. Quote identifiers with double quotes (every provider reads them); parameters as <c>@name</c>.
    /// </summary>
    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using DbConnection connection = Provider switch
        {
            DatabaseProvider.Postgres => new NpgsqlConnection(ConnectionString),
            DatabaseProvider.SqlServer => new SqlConnection(ConnectionString),
            _ => new SqliteConnection(ConnectionString),
        };
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
        if (Provider != DatabaseProvider.Sqlite)
        {
            if (owned)
            {
                TestProvider.DropServerDatabase(Provider, ConnectionString); // with its pooled connections
            }

            return;
        }

        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
