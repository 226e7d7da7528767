using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOpsPortal.Features.Access;
using ModelOpsPortal.Features.Access.ApiKeys;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Access;

/// <summary>Pipelines authenticate with keys: valid, wrong, expired, revoked, and configured service accounts.</summary>
[Trait("Category", "Database")]
public sealed class ApiKeyTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    private ApiKeyService Keys => portal.Services.GetRequiredService<ApiKeyService>();

    private HttpClient WithKey(string key)
    {
        var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static DateTime Now => TestDatabase.Now.UtcDateTime;

    /// <summary>An Admin who is also a data scientist and an executive (a key holds only roles its creator holds).</summary>
    private static readonly Actor Noah = new("Noah Fischer", [PortalRoles.Admin, PortalRoles.DataScientist, PortalRoles.Executive]);

    [Fact]
    public async Task A_created_key_works_with_its_roles_and_is_stored_only_as_a_hash()
    {
        var created = await Keys.CreateAsync("training-pipeline", [PortalRoles.DataScientist], Now.AddDays(30), Noah, TestContext.Current.CancellationToken);

        var me = await WithKey(created.Key).GetFromJsonAsync<AccessApi.Me>("/api/me", TestContext.Current.CancellationToken);
        var register = await WithKey(created.Key).PostAsJsonAsync("/api/models", Inputs.Model(), Inputs.Json, TestContext.Current.CancellationToken);

        Assert.NotNull(me);
        Assert.Equal(("svc:training-pipeline", "ApiKey"), (me.Name, me.AuthenticationMethod));
        Assert.Equal([PortalRoles.DataScientist], me.Roles);
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await register.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("svc:training-pipeline", (string?)body["createdBy"]);
        await using var db = portal.Database.CreateDbContext();
        var stored = await db.ApiKeys.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ApiKeyService.Hash(created.Key), stored.KeySha256);
        Assert.DoesNotContain(created.Key, stored.KeySha256 + stored.Prefix, StringComparison.Ordinal);
        Assert.Equal(Now, stored.LastUsedAt);
    }

    [Fact]
    public async Task A_wrong_key_gets_401_problem_details()
    {
        var response = await WithKey("mop_not-a-real-key").GetAsync("/api/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("unknown, expired or revoked", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_key_gets_401()
    {
        var created = await Keys.CreateAsync("nightly-scoring", [PortalRoles.DataScientist], Now.AddHours(1), Noah, TestContext.Current.CancellationToken);
        ((FakeTimeProvider)portal.Services.GetRequiredService<TimeProvider>()).Advance(TimeSpan.FromHours(2));

        var response = await WithKey(created.Key).GetAsync("/api/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var created = await Keys.CreateAsync("nightly-scoring", [PortalRoles.Executive], Now.AddDays(30), Noah, TestContext.Current.CancellationToken);
        var before = await WithKey(created.Key).GetAsync("/api/models", TestContext.Current.CancellationToken);

        Assert.True(await Keys.RevokeAsync(created.Info.Id, Noah, TestContext.Current.CancellationToken));
        var after = await WithKey(created.Key).GetAsync("/api/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.False(await Keys.RevokeAsync(created.Info.Id, Noah, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_configured_service_account_authenticates_without_any_database_row()
    {
        var me = await WithKey(PortalFactory.KeyFor(PortalRoles.Auditor)).GetFromJsonAsync<AccessApi.Me>("/api/me", TestContext.Current.CancellationToken);

        Assert.Equal("auditor-pipeline", me!.Name);
        Assert.Equal([PortalRoles.Auditor], me.Roles);
    }

    [Fact]
    public async Task A_key_needs_an_owner_a_role_and_a_sensible_expiry()
    {
        var error = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Keys.CreateAsync(" ", ["Superuser"], Now.AddYears(5), Noah, TestContext.Current.CancellationToken));

        Assert.Equal(["expiresAt", "owner", "roles"], error.Errors.Keys.Order(StringComparer.Ordinal));
        await using var db = portal.Database.CreateDbContext();
        Assert.Equal(0, await db.ApiKeys.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("Priya Raman")]
    [InlineData("priya raman")]
    [InlineData("x")]
    public async Task A_key_cannot_be_named_after_a_person(string owner)
    {
        var error = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Keys.CreateAsync(owner, [PortalRoles.DataScientist], Now.AddDays(30), Noah, TestContext.Current.CancellationToken));

        Assert.Equal(["owner"], error.Errors.Keys);
    }

    [Fact]
    public async Task An_admin_cannot_give_a_key_a_role_he_lacks_nor_the_validator_role()
    {
        var admin = new Actor("Noah Fischer", [PortalRoles.Admin, PortalRoles.Validator]);

        var lacks = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Keys.CreateAsync("nightly-scoring", [PortalRoles.DataScientist], Now.AddDays(30), admin, TestContext.Current.CancellationToken));
        var validates = await Assert.ThrowsAsync<InputRejectedException>(() =>
            Keys.CreateAsync("nightly-scoring", [PortalRoles.Validator], Now.AddDays(30), admin, TestContext.Current.CancellationToken));

        Assert.Contains("DataScientist", lacks.Errors["roles"][0], StringComparison.Ordinal);
        Assert.Contains("Validator", validates.Errors["roles"][0], StringComparison.Ordinal);
        await using var db = portal.Database.CreateDbContext();
        Assert.Equal(0, await db.ApiKeys.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_key_acts_as_its_service_account_and_never_as_the_person_it_is_named_like()
    {
        var created = await Keys.CreateAsync("svc:priya-raman", [PortalRoles.DataScientist], Now.AddDays(30), Noah, TestContext.Current.CancellationToken);

        var me = await WithKey(created.Key).GetFromJsonAsync<AccessApi.Me>("/api/me", TestContext.Current.CancellationToken);

        Assert.Equal("svc:priya-raman", me!.Name);
        Assert.Equal("svc:priya-raman", created.Info.Owner);
    }
}
