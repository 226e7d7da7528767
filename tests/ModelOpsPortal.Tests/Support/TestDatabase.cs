using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Tests.Support;

/// <summary>A real SQLite file database, migrated like the portal's, deleted when the test ends.</summary>
public sealed class TestDatabase : IDbContextFactory<PortalDbContext>, IDisposable
{
    /// <summary>The fixed "now" of every test, so that dates and the demo portfolio are reproducible.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private readonly DbContextOptions<SqlitePortalDbContext> options;

    public TestDatabase()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"modelops-test-{Guid.NewGuid():N}.db");
        ConnectionString = $"Data Source={Path};Pooling=False";
        options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(ConnectionString).Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    public string Path { get; }
    public string ConnectionString { get; }
    public FakeTimeProvider Clock { get; } = new(Now);

    public PortalDbContext CreateDbContext() => new SqlitePortalDbContext(options);

    public void Dispose()
    {
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
