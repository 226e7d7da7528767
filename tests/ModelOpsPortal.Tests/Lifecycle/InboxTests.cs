using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Features.Lifecycle.Components;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Lifecycle;

/// <summary>The validator's inbox: pending requests with their approvals and fairness, and a badge that follows new requests.</summary>
public sealed class InboxTests : PortalComponentTest
{
    public InboxTests()
    {
        var configuration = new ConfigurationBuilder().Build();
        Services.AddLogging();
        Services.AddEvaluations(configuration);
        Services.AddMonitoring(configuration);
        Services.AddLifecycle(configuration);
        Authorization.SetAuthorized("Priya Raman");
        Authorization.SetRoles(PortalRoles.Validator);
        Authorization.SetPolicies(Policies.SignedIn, Policies.ReadPortfolio, Policies.DecideRequests);
    }

    private CreateRequest Requests => Services.GetRequiredService<CreateRequest>();
    private DecideRequest Decisions => Services.GetRequiredService<DecideRequest>();

    private async Task<int> ModelAsync(string name, RiskTier tier)
    {
        var input = Inputs.Model(name);
        input.RiskTier = tier;
        var model = await Inventory.RegisterModelAsync(input, "hana", TestContext.Current.CancellationToken);
        foreach (var _ in new[] { 1, 2 })
        {
            await Inventory.RegisterVersionAsync(model.Id, Inputs.Version(), "hana", TestContext.Current.CancellationToken);
        }

        return model.Id;
    }

    [Fact]
    public async Task Pending_requests_show_their_kind_requester_and_approvals_needed_and_decided_ones_are_not_pending()
    {
        var ct = TestContext.Current.CancellationToken;
        var high = await ModelAsync("Inbox high scorecard", RiskTier.High);
        var low = await ModelAsync("Inbox low scorecard", RiskTier.Low);
        await Requests.CreateAsync(high, 1, new RequestInput("validation", "Ready for review."), "Hana Kim", ct);
        var decided = await Requests.CreateAsync(low, 2, new RequestInput("validation", "Ready."), "Hana Kim", ct);
        await Decisions.DecideAsync(decided!.Id, DecisionKind.Reject, new DecisionInput("Documentation missing."), TestActors.Validator("Marta Nowak"), ct);

        var table = RenderWithProviders<RequestsTable>(p => p.Add(t => t.Status, RequestStatus.Open));

        table.WaitForAssertion(() => Assert.Single(table.FindAll("tbody tr.mud-table-row")));
        var row = table.Find("tbody tr.mud-table-row");
        Assert.Contains("Inbox high scorecard", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Validation", row.QuerySelector("[data-testid=request-link]")!.TextContent.Trim());
        Assert.Contains("0 of 2", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Pending", row.QuerySelector("[data-testid=request-status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_empty_inbox_says_what_would_appear_and_the_badge_counts_a_request_made_while_it_is_open()
    {
        var ct = TestContext.Current.CancellationToken;
        var model = await ModelAsync("Badge scorecard", RiskTier.Low);

        var table = RenderWithProviders<RequestsTable>(p => p.Add(t => t.Status, RequestStatus.Open).Add(t => t.Empty, "Nothing is waiting for a decision."));
        var badge = Render<RequestsNavLink>();
        table.WaitForAssertion(() => Assert.Contains("Nothing is waiting for a decision.", table.Find("[data-testid=requests-empty]").TextContent, StringComparison.Ordinal));
        Assert.Empty(badge.FindAll("[data-testid=inbox-count]"));

        await Requests.CreateAsync(model, 1, new RequestInput("validation", "Ready."), "Hana Kim", ct);

        badge.WaitForAssertion(() => Assert.Equal("1", badge.Find("[data-testid=inbox-count]").TextContent.Trim()));
    }
}
