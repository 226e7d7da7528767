using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Lifecycle;

/// <summary>A data scientist asks for a promotion on the version page; a validator finds it in the inbox, approves it, and the champion changes.</summary>
public sealed class LifecycleJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_data_scientist_requests_promotion_a_validator_approves_it_and_the_champion_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        var modelId = await TestModels.RegisterAsync(browser.Portal.Services, "Browser promoted scorecard", ["gender"], tier: RiskTier.Medium);
        var requests = browser.Portal.Services.GetRequiredService<CreateRequest>();
        var decisions = browser.Portal.Services.GetRequiredService<DecideRequest>();
        foreach (var version in new[] { 1, 2 })
        {
            var validation = await requests.CreateAsync(modelId, version, new RequestInput("validation", "Ready."), "Hana Kim", ct);
            await decisions.DecideAsync(validation!.Id, DecisionKind.Approve, new DecisionInput("Validated."), TestActors.Validator("Marta Nowak"), ct);
        }

        var v1 = await requests.CreateAsync(modelId, 1, new RequestInput("promotion", "First champion.", Role: "champion"), "Hana Kim", ct);
        await decisions.DecideAsync(v1!.Id, DecisionKind.Approve, new DecisionInput("Approved."), TestActors.Validator("Marta Nowak"), ct);

        var scientist = await browser.SignedInPageAsync("Hana Kim");
        await scientist.GotoAsync($"/models/{modelId}/versions/2");
        await Interactivity.WaitAsync(scientist);
        await scientist.GetByTestId("request-promotion").ClickAsync();
        var dialog = scientist.GetByRole(AriaRole.Dialog);
        await dialog.GetByText("As the champion", new() { Exact = true }).ClickAsync();
        await dialog.GetByText("Is retired", new() { Exact = true }).ClickAsync();
        await dialog.GetByLabel("Justification").FillAsync("Higher AUC on the last three shared batches.");
        await scientist.GetByTestId("request-submit").ClickAsync();
        await Expect(scientist.GetByTestId("open-request")).ToContainTextAsync("Promotion requested by Hana Kim: 0 of 1 approvals so far");

        // Daniel Okafor is a validator but developed this model: the page says why he cannot decide, and offers no buttons.
        var developer = await browser.SignedInPageAsync("Daniel Okafor");
        await developer.GotoAsync("/requests");
        await Interactivity.WaitAsync(developer);
        await developer.GetByRole(AriaRole.Row).Filter(new() { HasText = "Browser promoted scorecard" }).GetByTestId("request-link").ClickAsync();
        await Expect(developer.GetByTestId("cannot-decide")).ToContainTextAsync("separation of duties");
        await Expect(developer.GetByTestId("approve")).ToHaveCountAsync(0);

        var validator = await browser.SignedInPageAsync("Priya Raman");
        await validator.GotoAsync("/");
        await Interactivity.WaitAsync(validator);
        await Expect(validator.GetByTestId("inbox-count")).ToHaveTextAsync("1");
        await validator.GetByTestId("nav-requests").ClickAsync();
        await validator.GetByRole(AriaRole.Row).Filter(new() { HasText = "Browser promoted scorecard" }).GetByTestId("request-link").ClickAsync();
        await Interactivity.WaitAsync(validator);
        await Expect(validator.GetByTestId("evidence-fairness").Or(validator.GetByTestId("request-evidence"))).ToBeVisibleAsync();
        await validator.GetByTestId("approve").ClickAsync();
        await validator.GetByTestId("decision-submit").ClickAsync();
        await Expect(validator.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Write a comment");
        await validator.GetByRole(AriaRole.Dialog).GetByLabel("Comment").FillAsync("Evidence reviewed; the swap is justified.");
        await validator.GetByTestId("decision-submit").ClickAsync();
        await Expect(validator.GetByTestId("request-decisions")).ToContainTextAsync("Approved by Priya Raman");
        await Expect(validator.GetByTestId("request-status").First).ToHaveTextAsync("Approved");

        await using var db = await browser.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(ct);
        var roles = await db.Versions.Where(v => v.ModelId == modelId).OrderBy(v => v.Number).Select(v => new { v.Stage, v.ProductionRole }).ToListAsync(ct);
        Assert.Equal((VersionStage.Retired, ProductionRole.None), (roles[0].Stage, roles[0].ProductionRole));
        Assert.Equal((VersionStage.Production, ProductionRole.Champion), (roles[1].Stage, roles[1].ProductionRole));
        await scientist.GotoAsync($"/models/{modelId}/versions/2");
        await Expect(scientist.GetByTestId("stage-history")).ToContainTextAsync("Approved → Production (Champion)");
    }

    [Fact]
    public async Task On_a_static_page_the_inbox_badge_and_a_validators_note_follow_requests_without_a_circuit()
    {
        var ct = TestContext.Current.CancellationToken;
        var modelId = await TestModels.RegisterAsync(browser.Portal.Services, "Static inbox scorecard", ["gender"], tier: RiskTier.Low);
        var open = await browser.Portal.Services.GetRequiredService<RequestQueries>().OpenCountAsync(ct);
        var validator = await browser.SignedInPageAsync("Priya Raman");
        var scientist = await browser.SignedInPageAsync("Hana Kim");
        var sockets = 0;
        validator.WebSocket += (_, _) => sockets++;
        scientist.WebSocket += (_, _) => sockets++;
        foreach (var page in new[] { validator, scientist })
        {
            await page.GotoAsync("/models");
            await Expect(page.Locator("[data-interactive=static]")).ToHaveCountAsync(1);
        }

        var request = await browser.Portal.Services.GetRequiredService<CreateRequest>()
            .CreateAsync(modelId, 1, new RequestInput("validation", "Ready for validation."), "Hana Kim", ct);

        // The page asks every 15 s while it is visible...
        var count = (open + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Expect(validator.GetByTestId("inbox-count")).ToHaveTextAsync(count, new() { Timeout = 20_000 });
        await Expect(validator.GetByTestId("inbox-count")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("open request"));
        await Expect(validator.GetByTestId("inbox-note")).ToContainTextAsync("Static inbox scorecard v1, from Hana Kim");
        await Expect(validator.GetByRole(AriaRole.Status)).ToContainTextAsync("Static inbox scorecard");
        await validator.GetByTestId("inbox-note").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(validator.GetByTestId("inbox-note")).ToHaveCountAsync(0);

        // ...and at once when it becomes visible again. Only validators are told of a new request.
        await scientist.EvaluateAsync("document.dispatchEvent(new Event('visibilitychange'))");
        await Expect(scientist.GetByTestId("inbox-count")).ToHaveTextAsync(count);
        await Expect(scientist.GetByTestId("inbox-note")).ToHaveCountAsync(0);

        // After an enhanced navigation to another static page, a withdrawn request leaves the inbox, and nothing is told twice.
        await validator.GetByRole(AriaRole.Link, new() { Name = "KPIs" }).ClickAsync();
        await Expect(validator).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/kpis$"));
        await browser.Portal.Services.GetRequiredService<WithdrawRequest>().WithdrawAsync(request!.Id, "Hana Kim", ct);
        await validator.EvaluateAsync("document.dispatchEvent(new Event('visibilitychange'))");
        if (open == 0)
        {
            await Expect(validator.GetByTestId("inbox-count")).ToHaveCountAsync(0);
        }
        else
        {
            await Expect(validator.GetByTestId("inbox-count")).ToHaveTextAsync(open.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Expect(validator.GetByTestId("inbox-note")).ToHaveCountAsync(0);
        Assert.Equal(0, sockets);
    }
}
