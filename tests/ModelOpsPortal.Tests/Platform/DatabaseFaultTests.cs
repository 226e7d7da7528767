using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>The database file becomes unreadable (bytes that are not a database), then comes back.</summary>
[Trait("Category", "Database")]
public sealed class DatabaseFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Replaces the database file with junk, keeping the real one aside; disposing puts it back.</summary>
    private sealed class Outage : IDisposable
    {
        private readonly string path;
        private readonly string saved;

        public Outage(TestDatabase database)
        {
            path = database.Path;
            saved = path + ".saved";
            using (var connection = new SqliteConnection(database.ConnectionString))
            {
                connection.Open();
                using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                checkpoint.ExecuteNonQuery();
            }

            File.Copy(path, saved, overwrite: true);
            File.WriteAllBytes(path, [.. Enumerable.Repeat((byte)'x', 8192)]);
            foreach (var side in new[] { path + "-wal", path + "-shm" })
            {
                File.Delete(side);
            }
        }

        public void Dispose()
        {
            File.Copy(saved, path, overwrite: true);
            File.Delete(saved);
        }
    }

    [Fact]
    public async Task The_api_answers_503_and_readiness_goes_red_while_the_database_is_unusable_and_both_recover_when_it_returns()
    {
        TestProvider.SkipUnlessSqlite("the outage replaces the database file");
        using var portal = new PortalFactory();
        using var api = portal.CreateClient(PortalRoles.Executive);
        using var probe = portal.CreateClient();
        using (var before = await api.GetAsync("/api/models", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (new Outage(portal.Database))
        {
            using var down = await api.GetAsync("/api/models", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("5", down.Headers.GetValues("Retry-After").Single());
            var body = await down.Content.ReadAsStringAsync(Ct);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal("Database unavailable", problem.GetProperty("title").GetString());
            Assert.Equal(down.Headers.GetValues("X-Correlation-Id").Single(), problem.GetProperty("correlationId").GetString());
            Assert.DoesNotContain("SQLite", body, StringComparison.OrdinalIgnoreCase);

            using var ready = await probe.GetAsync("/health/ready", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var live = await probe.GetAsync("/health/live", Ct);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        using var after = await api.GetAsync("/api/models", Ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        using var readyAgain = await probe.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }

    [Fact]
    public async Task A_page_says_the_database_is_unavailable_instead_of_failing_and_shows_the_portal_again_afterwards()
    {
        TestProvider.SkipUnlessSqlite("the outage replaces the database file");
        using var portal = new PortalFactory(seedDemoData: true, environment: "Development");
        using var browser = await portal.SignedInClientAsync("priya.raman");

        using (new Outage(portal.Database))
        {
            using var page = await browser.GetAsync("/models", Ct);
            var html = await page.Content.ReadAsStringAsync(Ct);
            Assert.Contains("data-testid=\"page-failure\"", html, StringComparison.Ordinal);
            Assert.Contains("cannot reach its database right now", html, StringComparison.Ordinal);
            // With the request's correlation id as its reference.
            Assert.Contains($"<code data-testid=\"page-failure-reference\">{page.Headers.GetValues("X-Correlation-Id").Single()}</code>", html, StringComparison.Ordinal);
            Assert.Contains("Model inventory", html, StringComparison.Ordinal); // the navigation is still there
        }

        using var recovered = await browser.GetAsync("/models", Ct);
        var again = await recovered.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.DoesNotContain("page-failure", again, StringComparison.Ordinal);
    }
}
