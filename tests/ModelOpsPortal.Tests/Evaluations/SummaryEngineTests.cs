using System.Text.Json;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>
/// One engine (issue #18): a batch's summary (sufficient statistics at P decimals) gives every figure the row upload
/// gives for the same rows, ties included, when the scores and numeric features carry at most P decimals.
/// </summary>
public sealed class SummaryEngineTests
{
    private static readonly string[] Sensitive = ["gender", "age_band", "race"];

    private static readonly VersionFeature[] Features =
    [
        new() { Name = "income", Type = FeatureType.Numeric, Ordinal = 0 },
        new() { Name = "utilization", Type = FeatureType.Numeric, Ordinal = 1 },
        new() { Name = "tenure_months", Type = FeatureType.Numeric, Ordinal = 2 },
        new() { Name = "region", Type = FeatureType.Categorical, Ordinal = 3 },
    ];

    private static async Task<EvaluationBatch> ReadAsync(string file, bool requireScore)
    {
        await using var stream = File.OpenRead(Path.Combine(RepositoryFiles.TestData, "evaluation", file));
        return await EvaluationBatch.ReadAsync(stream, Features, requireScore ? Sensitive : [], requireScore, binary: true, TestContext.Current.CancellationToken);
    }

    private static async Task<BatchAnalysis.BaselineProfile> BaselineAsync()
    {
        var reference = await ReadAsync("reference.csv", requireScore: false);
        var profile = new BatchAnalysis.BaselineProfile([.. Features.Select(f => f.Name)], new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        foreach (var (name, values) in reference.Numeric)
        {
            profile.Numeric[name] = NumericBaseline.From(values);
        }

        foreach (var (name, values) in reference.Categorical)
        {
            profile.Categorical[name] = CategoricalBaseline.From(values);
        }

        return profile;
    }

    [Theory]
    [InlineData(4)] // the scores carry 2 decimals, the features at most 4
    [InlineData(6)]
    public async Task A_summary_gives_every_figure_of_the_row_upload(int precision)
    {
        var batch = await ReadAsync("current_ties.csv", requireScore: true);
        var baseline = await BaselineAsync();
        var request = new EvaluationRequest(3, 4, null, null, null);
        var rules = new FairnessRules();

        var rows = BatchAnalysis.Analyse(batch, baseline, request, binary: true, rules);
        var summary = SummaryAnalysis.Analyse(ReferenceSummary.Of(batch, precision), baseline, request, binary: true, rules);

        var differences = new List<string>();
        FigureComparison.Compare(Json(rows), Json(summary), "$", differences);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences.Take(20)));
        // Not vacuous: every part of the findings is there.
        Assert.NotNull(summary.Comparison);
        Assert.Equal(3, summary.Fairness!.Count);
        Assert.Equal(3, summary.ChallengerFairness!.Count);
        Assert.Equal(4, summary.Drift!.Count);
        Assert.Equal(2, summary.Curves!.Count);
    }

    [Fact]
    public async Task A_regression_summary_gives_every_figure_of_the_row_upload()
    {
        VersionFeature[] features = [new() { Name = "balance", Type = FeatureType.Numeric, Ordinal = 0 }];
        await using var stream = File.OpenRead(Path.Combine(RepositoryFiles.TestData, "regression", "regression.csv"));
        var batch = await EvaluationBatch.ReadAsync(stream, features, ["segment"], requireScore: true, binary: false, TestContext.Current.CancellationToken);
        var request = new EvaluationRequest(1, null, null, null, null);

        var rows = BatchAnalysis.Analyse(batch, null, request, binary: false, new FairnessRules());
        var summary = SummaryAnalysis.Analyse(ReferenceSummary.Of(batch, 3, binary: false), null, request, binary: false, new FairnessRules());

        var differences = new List<string>();
        FigureComparison.Compare(Json(rows), Json(summary), "$", differences);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences.Take(20)));
        Assert.NotNull(summary.Versions["1"].Rmse);
        Assert.NotEmpty(summary.RegressionFairness!["segment"].Groups);
    }

    [Fact]
    public async Task Fewer_decimals_than_the_scores_carry_give_the_figures_of_the_rounded_scores()
    {
        var batch = await ReadAsync("current.csv", requireScore: true);
        var request = new EvaluationRequest(3, 4, null, null, null);

        var rows = BatchAnalysis.Analyse(batch, null, request, binary: true, new FairnessRules());
        var summary = SummaryAnalysis.Analyse(ReferenceSummary.Of(batch, 2), null, request, binary: true, new FairnessRules());

        // current.csv's scores carry many decimals: at two, ties appear and the AUC moves, a little.
        var exact = rows.Versions["3"].Auc!.Value;
        var rounded = summary.Versions["3"].Auc!.Value;
        Assert.NotEqual(exact, rounded, 12);
        Assert.Equal(exact, rounded, 2);
    }

    [Fact]
    public async Task A_feature_with_more_decimals_than_the_summary_drifts_by_its_rounded_values()
    {
        var batch = await ReadAsync("current_ties.csv", requireScore: true);
        var baseline = await BaselineAsync();
        var request = new EvaluationRequest(3, 4, null, null, null);

        var rows = BatchAnalysis.Analyse(batch, baseline, request, binary: true, new FairnessRules());
        var summary = SummaryAnalysis.Analyse(ReferenceSummary.Of(batch, 2), baseline, request, binary: true, new FairnessRules());

        // The scores carry 2 decimals (every performance and fairness figure agrees); utilization carries 4, so its
        // drift is that of the values rounded to 2, and the comparison says so.
        var differences = new List<string>();
        FigureComparison.Compare(Json(rows), Json(summary), "$", differences);
        Assert.NotEmpty(differences);
        Assert.All(differences, d => Assert.StartsWith("$.Drift.utilization.", d, StringComparison.Ordinal));
    }

    private static JsonElement Json(EvaluationFindings findings) =>
        JsonSerializer.SerializeToElement(findings, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
}
