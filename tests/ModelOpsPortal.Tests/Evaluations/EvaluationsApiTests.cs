using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Auth;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>Pipelines upload a baseline and a batch over HTTP; the results equal the reference values.</summary>
[Trait("Category", "Database")]
public sealed class EvaluationsApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly HttpClient client;

    public EvaluationsApiTests() => client = portal.CreateClient(PortalRoles.DataScientist);

    public void Dispose()
    {
        client.Dispose();
        portal.Dispose();
    }

    /// <summary>A binary model with versions 1 and 2 reading the reference data's features.</summary>
    private Task<int> ModelAsync() => TestModels.RegisterAsync(portal.Services, "Evaluation test model", ["gender", "age_band", "race"]);

    private Task<HttpResponseMessage> PostCsvAsync(string url, string csv) =>
        client.PostAsync(url, new StringContent(csv, Encoding.UTF8, "text/csv"), TestContext.Current.CancellationToken);

    private static string TestFile(string relative) => File.ReadAllText(Path.Combine(RepositoryFiles.TestData, relative));

    private static void Near(JsonElement expected, string expectedName, JsonElement actual, string actualName) =>
        Assert.True(Math.Abs(expected.GetProperty(expectedName).GetDouble() - actual.GetProperty(actualName).GetDouble()) <= 1e-9,
            $"{actualName}: expected {expected.GetProperty(expectedName).GetDouble():R}, got {actual.GetProperty(actualName)}");

    [Fact]
    public async Task A_batch_against_a_baseline_gives_the_reference_metrics_drift_fairness_and_comparison()
    {
        var modelId = await ModelAsync();
        var expected = JsonDocument.Parse(TestFile("evaluation/expected_current.json")).RootElement;

        var baseline = await PostCsvAsync($"/api/models/{modelId}/versions/1/baseline", TestFile("evaluation/reference.csv"));
        var response = await PostCsvAsync($"/api/models/{modelId}/evaluations?version=1&challenger=2&periodStart=2026-03-01&periodEnd=2026-03-31",
            TestFile("evaluation/current.csv"));

        Assert.Equal(HttpStatusCode.Created, baseline.StatusCode);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(20000, body.GetProperty("rowCount").GetInt32());
        foreach (var (version, side) in new[] { ("1", "champion"), ("2", "challenger") })
        {
            var metrics = body.GetProperty("versions").GetProperty(version);
            foreach (var (snake, camel) in new[] { ("auc", "auc"), ("gini", "gini"), ("ks", "ks"), ("accuracy", "accuracy"), ("precision", "precision"),
                         ("recall", "recall"), ("f1", "f1"), ("log_loss", "logLoss"), ("brier", "brier") })
            {
                Near(expected.GetProperty(side), snake, metrics, camel);
            }
        }

        Near(expected.GetProperty("drift").GetProperty("income"), "psi", body.GetProperty("drift").GetProperty("income"), "psi");
        Near(expected.GetProperty("drift").GetProperty("tenure_months"), "ks", body.GetProperty("drift").GetProperty("tenure_months"), "ks");
        Near(expected.GetProperty("drift").GetProperty("region"), "psi", body.GetProperty("drift").GetProperty("region"), "psi");
        Assert.Equal("alert", body.GetProperty("drift").GetProperty("tenure_months").GetProperty("status").GetString());
        Assert.Equal("stable", body.GetProperty("drift").GetProperty("utilization").GetProperty("status").GetString());
        Near(expected.GetProperty("comparison"), "z", body.GetProperty("comparison"), "z");
        Near(expected.GetProperty("fairness").GetProperty("gender"), "disparate_impact", body.GetProperty("fairness").GetProperty("gender"), "disparateImpact");

        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/models/{modelId}/evaluations", TestContext.Current.CancellationToken);
        var id = body.GetProperty("id").GetInt32();
        var one = await client.GetFromJsonAsync<JsonElement>($"/api/evaluations/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(1, listed.GetProperty("totalCount").GetInt32());
        Assert.Equal(body.GetProperty("versions").GetProperty("1").GetProperty("auc").GetDouble(), one.GetProperty("versions").GetProperty("1").GetProperty("auc").GetDouble());
        Assert.Equal("2026-03-01", one.GetProperty("periodStart").GetString());
    }

    [Fact]
    public async Task A_new_baseline_replaces_the_old_one()
    {
        var modelId = await ModelAsync();

        var first = await PostCsvAsync($"/api/models/{modelId}/versions/1/baseline", "income,utilization,tenure_months,region\n1,0.5,3,north\n2,0.4,5,south\n");
        var second = await PostCsvAsync($"/api/models/{modelId}/versions/1/baseline", TestFile("evaluation/reference.csv"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        await using var db = portal.Database.CreateDbContext();
        var baseline = await db.Baselines.Include(b => b.Features).SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(20000, baseline.RowCount);
        Assert.Equal(4, baseline.Features.Count);
        Assert.Equal(4, await db.Set<BaselineFeature>().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Without_a_baseline_drift_is_reported_unavailable_not_as_an_error()
    {
        var modelId = await ModelAsync();

        var response = await PostCsvAsync($"/api/models/{modelId}/evaluations?version=1&challenger=2", TestFile("evaluation/current.csv"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Contains("no baseline", body.GetProperty("driftUnavailable").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("record_id,label\n1,0\n", "there is no 'score' column")]
    [InlineData("score,label,income\n0.2,0,10\n0.3,1,abc\n", "Line 3, column 3 (income): 'abc' is not a number.")]
    [InlineData("score,label\n0.2,0\n1.7,1\n", "Line 3, column 1 (score): '1.7' is not a probability between 0 and 1.")]
    [InlineData("score,label\n0.2,0\n0.3,2\n", "Line 3, column 2 (label): '2' is not 0 or 1.")]
    [InlineData("score,label\n0.2,0\n0.3\n", "Line 3 has 1 fields but the header has 2.")]
    [InlineData("score,label\n0.2,0\n0.3,\"1\n", "Line 3, column 2: a quoted field is never closed.")]
    [InlineData("", "The body is empty")]
    [InlineData("score,label\n", "header but no rows")]
    public async Task Bad_batches_are_refused_with_the_line_and_column_and_nothing_is_stored(string csv, string message)
    {
        var modelId = await ModelAsync();

        var response = await PostCsvAsync($"/api/models/{modelId}/evaluations?version=1", csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(TestContext.Current.CancellationToken);
        Assert.Contains(message, Assert.Single(problem!.Errors["body"]), StringComparison.Ordinal);
        await using var db = portal.Database.CreateDbContext();
        Assert.Equal(0, await db.Evaluations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_unknown_version_is_a_400_and_an_unknown_model_a_404()
    {
        var modelId = await ModelAsync();

        var unknownVersion = await PostCsvAsync($"/api/models/{modelId}/evaluations?version=9", "score\n0.5\n");
        var unknownModel = await PostCsvAsync("/api/models/9999/evaluations?version=1", "score\n0.5\n");

        Assert.Equal(HttpStatusCode.BadRequest, unknownVersion.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
    }

    [Fact]
    public async Task A_batch_of_one_class_reports_auc_as_null_with_a_reason()
    {
        var modelId = await ModelAsync();

        var response = await PostCsvAsync($"/api/models/{modelId}/evaluations?version=1", "score,label\n0.2,1\n0.9,1\n");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var metrics = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("versions").GetProperty("1");
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("auc").ValueKind);
        Assert.Contains("one class", metrics.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_may_list_but_not_upload()
    {
        var modelId = await ModelAsync();
        using var validator = portal.CreateClient(PortalRoles.Validator);

        var upload = await validator.PostAsync($"/api/models/{modelId}/evaluations?version=1", new StringContent("score\n0.5\n", Encoding.UTF8, "text/csv"),
            TestContext.Current.CancellationToken);
        var list = await validator.GetAsync($"/api/models/{modelId}/evaluations", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }
}
