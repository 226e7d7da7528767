using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ModelOpsPortal.Tests.Support;

/// <summary>The whole portal over real HTTP, on its own SQLite file.</summary>
public sealed class PortalFactory(bool seedDemoData = false) : WebApplicationFactory<Program>
{
    private readonly TestDatabase database = new();

    public TestDatabase Database => database;

    /// <summary>Starts the portal on real Kestrel at a free loopback port, for a browser; returns its address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the host does not read the build's static web assets (blazor.web.js, MudBlazor).
        builder.UseStaticWebAssets();
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
