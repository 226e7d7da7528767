using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Infrastructure.Data;

/// <summary>The embedded default; migrations in Migrations/Sqlite.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // A virtual generated column (indexable; SQLite cannot add a stored one to an existing table). julianday resolves
        // about 50 µs at present dates: rounding to whole milliseconds gives the same figure as SQL Server's.
        modelBuilder.Entity<LifecycleRequest>().Property(r => r.DecisionDays).HasComputedColumnSql(
            "CASE WHEN \"Status\" IN ('Approved', 'Rejected') AND \"ClosedAt\" IS NOT NULL "
            + "THEN round((julianday(\"ClosedAt\") - julianday(\"RequestedAt\")) * 86400000.0) / 86400000.0 END", stored: false);
    }
}

/// <summary>Production; migrations in Migrations/SqlServer.</summary>
public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Persisted: SQL Server indexes a float computed column only when it is stored.
        modelBuilder.Entity<LifecycleRequest>().Property(r => r.DecisionDays).HasComputedColumnSql(
            "CASE WHEN [Status] IN (N'Approved', N'Rejected') AND [ClosedAt] IS NOT NULL "
            + "THEN CAST(DATEDIFF_BIG(millisecond, [RequestedAt], [ClosedAt]) AS float) / 86400000.0 END", stored: true);
    }
}

/// <summary>A server database every machine of ours has (Debian's postgresql); migrations in Migrations/Postgres.</summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // PostgreSQL generates only stored columns. The interval's epoch is in seconds (microsecond resolution): rounded
        // to whole milliseconds, the same figure as SQLite's and SQL Server's.
        modelBuilder.Entity<LifecycleRequest>().Property(r => r.DecisionDays).HasComputedColumnSql(
            "CASE WHEN \"Status\" IN ('Approved', 'Rejected') AND \"ClosedAt\" IS NOT NULL "
            + "THEN CAST(round(EXTRACT(EPOCH FROM (\"ClosedAt\" - \"RequestedAt\")) * 1000) AS double precision) / 86400000.0 END", stored: true);
    }
}

/// <summary>Used by dotnet ef only; no database is opened to add migrations or check for pending changes.</summary>
public sealed class SqlitePortalDbContextFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class SqlServerPortalDbContextFactory : IDesignTimeDbContextFactory<SqlServerPortalDbContext>
{
    public SqlServerPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=localhost;Database=ModelOpsPortal;Integrated Security=true;TrustServerCertificate=true",
                sql => sql.UseCompatibilityLevel(DatabaseSetup.SqlServerCompatibilityLevel))
            .Options);
}

public sealed class PostgresPortalDbContextFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=localhost;Database=modelops").Options);
}
