using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

[Trait("Category", "Database")]
public sealed class HealthTests
{
    [Fact]
    public async Task Live_and_ready_answer_anonymously_when_the_database_is_migrated()
    {
        using var portal = new PortalFactory();
        var client = portal.CreateClient();

        var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Ready_is_503_without_detail_while_migrations_are_pending()
    {
        var file = Path.Combine(Path.GetTempPath(), $"modelops-unmigrated-{Guid.NewGuid():N}.db");
        try
        {
            using var portal = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Testing");
                b.UseSetting("Database:MigrateOnStart", "false");
                b.UseSetting("ConnectionStrings:Portal", $"Data Source={file};Pooling=False");
                PortalFactory.UseUnreachableProvider(b);
            });
            var client = portal.CreateClient();

            var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
            var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
