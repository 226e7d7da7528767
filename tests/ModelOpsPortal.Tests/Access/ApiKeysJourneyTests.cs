using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Access;

/// <summary>An administrator creates a key for a pipeline, the pipeline uses it, and the key is revoked.</summary>
public sealed class ApiKeysJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_admin_creates_a_key_that_works_once_copied_and_revokes_it_after_confirming()
    {
        var page = await browser.SignedInPageAsync("Noah Fischer");
        await page.GotoAsync("/admin/api-keys");
        await Interactivity.WaitAsync(page);
        await Expect(page.GetByText("No API keys yet")).ToBeVisibleAsync();

        // Noah holds only Admin: that is the one role he may give (never Validator, never a role he lacks).
        await Expect(page.GetByLabel("Data scientist")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Validator")).ToHaveCountAsync(0);
        await page.GetByLabel("Service account", new() { Exact = true }).FillAsync("nightly-scoring");
        await page.GetByLabel("Administrator", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = (await page.GetByTestId("new-key-value").InnerTextAsync()).Trim();
        Assert.StartsWith("mop_", key, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "svc:nightly-scoring" })).ToContainTextAsync("Active");

        using var pipeline = browser.Portal.CreateClient();
        pipeline.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await pipeline.GetAsync("/api/models", TestContext.Current.CancellationToken)).StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the key of svc:nightly-scoring" }).ClickAsync();
        await Expect(page.GetByText("stops working at once")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "svc:nightly-scoring" })).ToContainTextAsync("Revoked");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await pipeline.GetAsync("/api/models", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_key_without_an_owner_or_role_is_explained_and_not_created()
    {
        var page = await browser.SignedInPageAsync("Noah Fischer");
        await page.GotoAsync("/admin/api-keys");
        await Interactivity.WaitAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        await Expect(page.GetByText("Name the service account the key is for")).ToBeVisibleAsync();
        await Expect(page.GetByText("Choose at least one role")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("new-key")).ToHaveCountAsync(0);
    }
}
