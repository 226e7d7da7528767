using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ModelOpsPortal.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    Postgres,
}

/// <summary>The <c>Database</c> section of the configuration.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the portal starts (the embedded default relies on it).</summary>
    public bool MigrateOnStart { get; set; } = true;
}

public static class DatabaseSetup
{
    public const string ConnectionStringName = "Portal";

    /// <summary>
    /// SQL Server 2019 (compatibility level 150) is the oldest server the portal supports: EF Core writes no SQL that needs
    /// a newer one (GREATEST, LEAST, JSON_CONTAINS and the like come at 160 and later).
    /// </summary>
    public const int SqlServerCompatibilityLevel = 150;

    /// <summary>The embedded default: a SQLite file in the portal's data folder.</summary>
    public const string DefaultSqliteConnection = "Data Source=App_Data/portal.db";

    /// <summary>
    /// Registers the provider named by <c>Database:Provider</c> and exposes it to services as
    /// <see cref="IDbContextFactory{PortalDbContext}"/>, so no service knows which provider runs.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var section = configuration.GetSection(DatabaseOptions.Section);
        var providerText = section[nameof(DatabaseOptions.Provider)];
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out _))
        {
            throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions),
                [$"Database:Provider is '{providerText}'; use Sqlite (the embedded default), SqlServer or Postgres."]);
        }

        services.AddOptions<DatabaseOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connection = configuration.GetConnectionString(ConnectionStringName);

        services.AddSingleton<DataChanges>();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = ResolveSqlitePath(string.IsNullOrWhiteSpace(connection) ? DefaultSqliteConnection : connection, environment.ContentRootPath);
                services.AddDbContextFactory<SqlitePortalDbContext>((sp, o) => o.UseSqlite(sqlite).AddInterceptors(Interceptors(sp)));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<SqlitePortalDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connection))
                {
                    throw new OptionsValidationException(ConnectionStringName, typeof(DatabaseOptions),
                        ["Database:Provider is SqlServer but ConnectionStrings:Portal is empty. Set ConnectionStrings__Portal to a SQL Server connection string."]);
                }

                // No retrying execution strategy: it refuses the explicit transactions that keep an upload, a decision and
                // its audit events together. Transient faults are for issue #9 (units of work run inside the strategy).
                services.AddDbContextFactory<SqlServerPortalDbContext>((sp, o) => o.UseSqlServer(connection, sql => sql.UseCompatibilityLevel(SqlServerCompatibilityLevel)).AddInterceptors(Interceptors(sp)));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<SqlServerPortalDbContext>>();
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connection))
                {
                    throw new OptionsValidationException(ConnectionStringName, typeof(DatabaseOptions),
                        ["Database:Provider is Postgres but ConnectionStrings:Portal is empty. Set ConnectionStrings__Portal to a PostgreSQL connection string (Host=...;Database=...;Username=...;Password=...)."]);
                }

                // As for SQL Server: no retrying execution strategy around the portal's explicit transactions.
                services.AddDbContextFactory<PostgresPortalDbContext>((sp, o) => o.UseNpgsql(connection).AddInterceptors(Interceptors(sp)));
                services.AddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory<PostgresPortalDbContext>>();
                break;
            default:
                throw new UnreachableException($"Unhandled provider {options.Provider}.");
        }

        services.AddDatabaseKeyRing();
        return services.AddSingleton<Audit.AuditTrail>();
    }

    /// <summary>
    /// The portal's own interceptors (change notifications, idempotency records) and any other <see cref="IInterceptor"/>
    /// registered in the container (the tests add one that checks every query against SQL Server).
    /// </summary>
    private static IInterceptor[] Interceptors(IServiceProvider sp) =>
        [sp.GetRequiredService<DataChanges>(), sp.GetRequiredService<Web.Idempotency.Interceptor>(), .. sp.GetServices<IInterceptor>()];

    /// <summary>Applies migrations (creating the SQLite file and its folder on first start).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        if (options.MigrateOnStart)
        {
            await db.Database.MigrateAsync(ct);
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging: pages keep reading while an upload writes, and commits are cheaper.
            // The setting is stored in the database file, so once is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>
    /// Refreshes the SQLite planner's statistics where tables have grown or shrunk a lot since they were last gathered (a
    /// bounded sample per index, so a few milliseconds on a fresh file and well under a second on a large one). Without
    /// them the planner may walk a low-selectivity index row by row: the KPI dashboard on 10,000 models was twice as slow.
    /// SQL Server keeps its statistics itself.
    /// </summary>
    public static async Task OptimizeAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;", ct);
        }
    }

    /// <summary>A relative SQLite file is placed under the content root, and its folder is created.</summary>
    internal static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(source) ? source : Path.GetFullPath(Path.Combine(contentRoot, source));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }

    private sealed class PortalDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PortalDbContext>
        where TContext : PortalDbContext
    {
        public PortalDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
