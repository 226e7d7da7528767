using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ModelOpsPortal.Tests.Support;

/// <summary>The whole portal over real HTTP, on its own SQLite file.</summary>
public sealed class PortalFactory(bool seedDemoData = false) : WebApplicationFactory<Program>
{
    private readonly TestDatabase database = new();

    public TestDatabase Database => database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Portal", database.ConnectionString);
        builder.UseSetting("Portal:SeedDemoData", seedDemoData ? "true" : "false");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(TestDatabase.Now)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            database.Dispose();
        }
    }
}
