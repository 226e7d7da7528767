using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ModelOpsPortal.Tests.Lineage;

/// <summary>An auditor traces a version from its page: the lineage graph, the evaluation behind its approval, the dataset it was trained on.</summary>
public sealed class LineageJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_auditor_follows_a_versions_lineage_to_its_evidence_and_its_training_data()
    {
        var ct = TestContext.Current.CancellationToken;
        var services = browser.Portal.Services;
        var inventory = new TestInventory(services);
        var input = Inputs.Model("Traced journey scorecard");
        input.RiskTier = RiskTier.Low;
        var model = await inventory.RegisterModelAsync(input, "Hana Kim", ct);
        var version = Inputs.Version();
        version.TrainingDataset = new DatasetInput { Name = "lake/retail apps 100%", Sha256 = new string('c', 64), Rows = 5000, SnapshotDate = new DateOnly(2026, 3, 31) };
        await inventory.RegisterVersionAsync(model.Id, version, "Hana Kim", ct);
        await TestModels.RegisterAsync(services, "Traced journey neighbour", [], versions: 1, tier: RiskTier.Low); // a second dataset for the search
        var evaluation = await services.GetRequiredService<UploadEvaluation>().EvaluateAsync(model.Id,
            new EvaluationRequest(1, null, new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30), "April validation sample"), new MemoryStream(Encoding.UTF8.GetBytes(TestModels.SmallBatchCsv())), "Hana Kim", ct);
        var requests = services.GetRequiredService<CreateRequest>();
        var decisions = services.GetRequiredService<DecideRequest>();
        var request = await requests.CreateAsync(model.Id, 1, new RequestInput("validation", "Ready."), "Hana Kim", ct);
        await decisions.DecideAsync(request!.Id, DecisionKind.Approve, new DecisionInput("Validation pack reviewed."), TestActors.Validator("Marta Nowak"), ct);

        var page = await browser.SignedInPageAsync("Aisha Bello");
        await page.GotoAsync($"/models/{model.Id}/versions/1");
        await Interactivity.WaitAsync(page);
        await page.GetByTestId("lineage-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lineage of Traced journey scorecard v1", Level = 1 })).ToBeVisibleAsync();
        await Interactivity.WaitAsync(page);

        var graph = page.GetByTestId("lineage-graph");
        await Expect(graph.GetByTestId($"lineage-node-request-{request.Id}").Locator("desc")).ToHaveTextAsync($"Request #{request.Id} · Validation · Approved · approved by Marta Nowak");
        await Expect(graph.GetByTestId($"lineage-edge-evaluation-{evaluation!.Id}-request-{request.Id}")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("lineage-table")).ToContainTextAsync("snapshot 3/31/2026 · SHA-256 cccccccccccc");

        // The evaluation the approval rested on, from its box in the graph.
        await graph.GetByTestId($"lineage-node-evaluation-{evaluation.Id}").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Evaluation April validation sample", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("evaluation-facts")).ToContainTextAsync("200");
        await Expect(page.GetByTestId("evaluation-metrics")).ToContainTextAsync("AUC");

        // Back to the lineage and on to the training data, whose name has a slash, spaces and a percent sign.
        await page.GoBackAsync();
        await Interactivity.WaitAsync(page);
        await page.GetByTestId("lineage-graph").GetByTestId("lineage-node-dataset").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dataset lake/retail apps 100%", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dataset-summary")).ToContainTextAsync("1 versions of 1 models");
        var row = page.GetByTestId("dataset-version");
        await Expect(row).ToContainTextAsync("Traced journey scorecard");
        await Expect(row).ToContainTextAsync("Approved");

        // And the datasets list finds it by part of its name.
        // A fresh load: the graph's SVG links load pages in full, and a click on the menu before that page's circuit is
        // live would reach a static page whose search box is not listening yet.
        await page.GotoAsync("/datasets");
        await Interactivity.WaitAsync(page);
        await Expect(page.GetByTestId("datasets-table").GetByTestId("dataset-link")).ToHaveCountAsync(2);
        await page.GetByLabel("Search datasets").FillAsync("100%");
        await page.GetByLabel("Search datasets").PressAsync("Enter");
        await Expect(page.GetByTestId("datasets-table").GetByTestId("dataset-link")).ToHaveTextAsync(["lake/retail apps 100%"]);
    }

    [Fact]
    public async Task A_data_scientist_records_where_a_production_version_went_live_and_takes_it_down()
    {
        var ct = TestContext.Current.CancellationToken;
        var services = browser.Portal.Services;
        var modelId = await TestModels.RegisterAsync(services, "Deployed journey scorecard", [], versions: 1, tier: RiskTier.Low);
        var requests = services.GetRequiredService<CreateRequest>();
        var decisions = services.GetRequiredService<DecideRequest>();
        foreach (var input in new[] { new RequestInput("validation", "Ready."), new RequestInput("promotion", "Validated.", Role: "Champion") })
        {
            var request = await requests.CreateAsync(modelId, 1, input, "Daniel Okafor", ct);
            await decisions.DecideAsync(request!.Id, DecisionKind.Approve, new DecisionInput("Reviewed."), TestActors.Validator("Marta Nowak"), ct);
        }

        var page = await browser.SignedInPageAsync("Hana Kim");
        await page.GotoAsync($"/models/{modelId}/versions/1");
        await Interactivity.WaitAsync(page);
        await page.GetByTestId("record-deployment").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Endpoint").FillAsync("https://score.example.com/pd");
        await dialog.GetByTestId("deployment-submit").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        var deployments = page.Locator("#deployments");
        await Expect(deployments).ToContainTextAsync("https://score.example.com/pd");
        await Expect(deployments).ToContainTextAsync("Live");

        await deployments.GetByTestId("deployment-remove").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Take down" }).ClickAsync();
        await Expect(deployments.GetByTestId("deployment-remove")).ToHaveCountAsync(0);
        await Expect(deployments).ToContainTextAsync("Hana Kim");

        await page.GetByTestId("lineage-link").ClickAsync();
        await Interactivity.WaitAsync(page);
        await Expect(page.GetByTestId("lineage-table")).ToContainTextAsync("https://score.example.com/pd · removed");
    }
}
