using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Browser;

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

        await page.GetByLabel("Owner", new() { Exact = true }).FillAsync("nightly-scoring");
        await page.GetByLabel("Data scientist").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = (await page.GetByTestId("new-key-value").InnerTextAsync()).Trim();
        Assert.StartsWith("mop_", key, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "nightly-scoring" })).ToContainTextAsync("Active");

        using var pipeline = browser.Portal.CreateClient();
        pipeline.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await pipeline.GetAsync("/api/models", TestContext.Current.CancellationToken)).StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke the key of nightly-scoring" }).ClickAsync();
        await Expect(page.GetByText("stops working at once")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "nightly-scoring" })).ToContainTextAsync("Revoked");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await pipeline.GetAsync("/api/models", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_key_without_an_owner_or_role_is_explained_and_not_created()
    {
        var page = await browser.SignedInPageAsync("Noah Fischer");
        await page.GotoAsync("/admin/api-keys");
        await Interactivity.WaitAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        await Expect(page.GetByText("Owner is required")).ToBeVisibleAsync();
        await Expect(page.GetByText("Choose at least one role")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("new-key")).ToHaveCountAsync(0);
    }
}
