using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Csv;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Telemetry;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>
/// What one batch says, computed by the engine: each version's metrics and curves, the paired DeLong comparison,
/// fairness by sensitive attribute, and drift against the version's stored baseline. Pure over the batch except for
/// reading the baseline.
/// </summary>
internal static class BatchAnalysis
{
    /// <summary>
    /// Runs the engine over the batch. The independent parts (each version's ranking, each feature's drift) run in
    /// parallel; they are pure functions of the batch.
    /// </summary>
    public static EvaluationFindings Analyse(EvaluationBatch batch, BaselineProfile? baseline, EvaluationRequest request, bool binary, FairnessRules rules)
    {
        var champion = request.Version.ToString(CultureInfo.InvariantCulture);
        var challenger = request.Challenger?.ToString(CultureInfo.InvariantCulture);
        var ranked = binary && batch.HasLabels;
        RankedScores? championRanks = null, challengerRanks = null;
        var work = new List<Action>();
        if (ranked)
        {
            work.Add(() => championRanks = RankedScores.Compute(batch.Scores, batch.Labels));
            if (batch.HasChallenger)
            {
                work.Add(() => challengerRanks = RankedScores.Compute(batch.Challenger, batch.Labels));
            }
        }

        var numericDrift = new Dictionary<string, FeatureDrift>(StringComparer.Ordinal);
        foreach (var (name, profile) in baseline?.Numeric ?? [])
        {
            if (batch.Numeric.TryGetValue(name, out var values))
            {
                work.Add(() =>
                {
                    var drift = Engine.Drift.Numeric(profile, values);
                    lock (numericDrift)
                    {
                        numericDrift[name] = drift;
                    }
                });
            }
        }

        Parallel.Invoke(work.ToArray());

        var versions = new Dictionary<string, VersionMetrics>(StringComparer.Ordinal)
        {
            [champion] = Metrics(batch.Scores, batch, championRanks, binary),
        };
        var curves = new Dictionary<string, ScoreCurve>(StringComparer.Ordinal);
        if (championRanks?.Auc is not null)
        {
            curves[champion] = ScoreCurve.From(championRanks);
        }

        if (challenger is not null && batch.HasChallenger)
        {
            versions[challenger] = Metrics(batch.Challenger, batch, challengerRanks, binary);
            if (challengerRanks?.Auc is not null)
            {
                curves[challenger] = ScoreCurve.From(challengerRanks);
            }
        }

        return new EvaluationFindings(
            Versions: versions,
            Drift: baseline is null ? null : Drift(baseline, batch, numericDrift),
            DriftUnavailable: baseline is null ? EvaluationMessages.NoBaseline : null,
            Comparison: championRanks is not null && challengerRanks is not null ? Compare(championRanks, challengerRanks, batch.Labels) : null,
            Fairness: ranked && batch.Sensitive.Count > 0 ? Fairness(batch, ofChallenger: false, championRanks!, rules) : null,
            Curves: curves.Count > 0 ? curves : null,
            RegressionFairness: !binary && batch.HasActuals && batch.Sensitive.Count > 0 ? RegressionFairness(batch, rules) : null,
            ChallengerFairness: challengerRanks is not null && batch.Sensitive.Count > 0 ? Fairness(batch, ofChallenger: true, challengerRanks, rules) : null);
    }

    private static Dictionary<string, RegressionFairness> RegressionFairness(EvaluationBatch batch, FairnessRules rules) =>
        batch.Sensitive.ToDictionary(a => a.Key, a => Engine.RegressionFairness.Compute(a.Value, batch.Scores, batch.Actuals, rules), StringComparer.Ordinal);

    /// <summary>Each sensitive attribute's fairness of one version's scores, the attributes in parallel (each walks the ranked scores once).</summary>
    private static Dictionary<string, AttributeFairness> Fairness(EvaluationBatch batch, bool ofChallenger, RankedScores ranks, FairnessRules rules)
    {
        var attributes = batch.Sensitive.ToList();
        var results = new AttributeFairness[attributes.Count];
        Parallel.For(0, attributes.Count, i => results[i] = AttributeFairness.Compute(attributes[i].Value, ofChallenger ? batch.Challenger : batch.Scores, batch.Labels, ranks, rules));
        return attributes.Select((a, i) => (a.Key, results[i])).ToDictionary(x => x.Key, x => x.Item2, StringComparer.Ordinal);
    }

    private static VersionMetrics Metrics(ReadOnlySpan<double> scores, EvaluationBatch batch, RankedScores? ranks, bool binary)
    {
        if (binary && ranks is not null)
        {
            return Figures(BinaryMetrics.From(ranks));
        }

        if (!binary && batch.HasActuals)
        {
            return Figures(RegressionMetrics.Compute(scores, batch.Actuals));
        }

        return new VersionMetrics(scores.Length, Note: EvaluationMessages.NoLabels);
    }

    /// <summary>A version's binary metrics as an evaluation reports them (a note when the batch holds one class).</summary>
    internal static VersionMetrics Figures(BinaryMetrics m) =>
        new(m.Count, m.Positives, m.Auc, m.Gini, m.Ks, m.Accuracy, m.Precision, m.Recall, m.F1, m.LogLoss, m.Brier,
            Note: m.Auc is null ? EvaluationMessages.OneClass : null);

    /// <summary>A version's regression metrics as an evaluation reports them.</summary>
    internal static VersionMetrics Figures(RegressionMetrics m) => new(m.Count, Rmse: m.Rmse, Mae: m.Mae, R2: m.R2, Mape: m.Mape);

    private static AucComparison? Compare(RankedScores champion, RankedScores challenger, ReadOnlySpan<int> labels)
    {
        try
        {
            return AucComparison.Compute(champion, challenger, labels);
        }
        catch (ArgumentException)
        {
            return null; // fewer than two of a class: no comparison to make
        }
    }

    private static Dictionary<string, FeatureDriftResult> Drift(BaselineProfile baseline, EvaluationBatch batch, Dictionary<string, FeatureDrift> numeric) =>
        Drift(baseline, name => numeric.GetValueOrDefault(name)
            ?? (baseline.Categorical.TryGetValue(name, out var profile) && batch.Categorical.TryGetValue(name, out var values)
                ? Engine.Drift.Categorical(profile, values)
                : null));

    /// <summary>Each baseline feature's drift, in the baseline's order, with its reading; features the batch lacks are left out.</summary>
    internal static Dictionary<string, FeatureDriftResult> Drift(BaselineProfile baseline, Func<string, FeatureDrift?> driftOf)
    {
        var drift = new Dictionary<string, FeatureDriftResult>(StringComparer.Ordinal);
        foreach (var name in baseline.Order)
        {
            if (driftOf(name) is { } result)
            {
                drift[name] = new FeatureDriftResult(result.Psi, result.Ks, DriftStatus(result.Psi));
            }
        }

        return drift;
    }

    /// <summary>The usual PSI reading: below 0.1 stable, below 0.25 worth a look, above that a shift.</summary>
    public static string DriftStatus(double psi) => psi < 0.1 ? "stable" : psi < 0.25 ? "warning" : "alert";

    /// <summary>A version's stored reference profile, decoded for the engine.</summary>
    internal sealed record BaselineProfile(IReadOnlyList<string> Order, Dictionary<string, NumericBaseline> Numeric, Dictionary<string, CategoricalBaseline> Categorical);

    public static async Task<BaselineProfile?> BaselineAsync(PortalDbContext db, int versionId, CancellationToken ct)
    {
        var baseline = await db.Baselines.AsNoTracking().Include(b => b.Features).SingleOrDefaultAsync(b => b.VersionId == versionId, ct);
        if (baseline is null)
        {
            return null;
        }

        var profile = new BaselineProfile(baseline.Features.OrderBy(f => f.Id).Select(f => f.Name).ToList(), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        foreach (var feature in baseline.Features)
        {
            if (feature.Type == FeatureType.Numeric)
            {
                profile.Numeric[feature.Name] = new NumericBaseline(JsonSerializer.Deserialize<double[]>(feature.EdgesJson!)!, MemoryMarshal.Cast<byte, double>(feature.SortedValues).ToArray());
            }
            else
            {
                profile.Categorical[feature.Name] = new CategoricalBaseline(JsonSerializer.Deserialize<Dictionary<string, double>>(feature.CategoriesJson!)!);
            }
        }

        return profile;
    }
}
