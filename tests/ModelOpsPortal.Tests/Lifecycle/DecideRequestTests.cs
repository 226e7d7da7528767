using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Lifecycle;

/// <summary>
/// The decide use case holds the four-eyes rule itself, not only the policy in front of the API and the dialog: whoever
/// calls it (a page, an endpoint, a future job) gets the same refusal, and a refused decision leaves nothing behind.
/// </summary>
[Trait("Category", "Database")]
public sealed class DecideRequestTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DecideRequest Decisions => portal.Services.GetRequiredService<DecideRequest>();

    private async Task<int> RequestedAsync()
    {
        var inventory = new TestInventory(portal.Services);
        var owner = new Actor("Hana Kim", [PortalRoles.DataScientist]);
        var model = await inventory.RegisterModelAsync(Inputs.Model("Decide scorecard"), owner, Ct);
        await inventory.RegisterVersionAsync(model.Id, Inputs.Version(), "svc:training", Ct);
        var request = await portal.Services.GetRequiredService<CreateRequest>()
            .CreateAsync(model.Id, 1, new RequestInput("validation", "Development complete."), owner, Ct);
        return request!.Id;
    }

    [Theory]
    [InlineData(PortalRoles.DataScientist)]
    [InlineData(PortalRoles.Executive)]
    [InlineData(PortalRoles.Admin)]
    [InlineData(PortalRoles.Auditor)]
    public async Task Someone_without_the_validator_role_is_refused_and_nothing_is_recorded(string role)
    {
        var request = await RequestedAsync();
        var outsider = new Actor("Omar Haddad", [role]);

        var refused = await Assert.ThrowsAsync<ForbiddenException>(() =>
            Decisions.DecideAsync(request, DecisionKind.Approve, new DecisionInput("Looks fine to me."), outsider, Ct));

        Assert.Equal("Validators decide", refused.Title);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var stored = await db.Requests.Include(r => r.Decisions).SingleAsync(r => r.Id == request, Ct);
        Assert.Equal(RequestStatus.Open, stored.Status);
        Assert.Empty(stored.Decisions);
        Assert.DoesNotContain(await db.AuditEvents.Select(e => e.Action).ToListAsync(Ct), a => a.StartsWith("request.approv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_validator_who_is_not_a_party_decides()
    {
        var request = await RequestedAsync();

        var decided = await Decisions.DecideAsync(request, DecisionKind.Reject, new DecisionInput("Back-test missing."), TestActors.Validator("Priya Raman"), Ct);

        Assert.Equal(RequestStatus.Rejected, decided!.Status);
    }
}
