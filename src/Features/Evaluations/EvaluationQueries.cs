using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Csv;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Telemetry;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>Baselines and evaluations as the pages, the API, the lineage and the comparison read them.</summary>
public sealed class EvaluationQueries(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>The version's baseline, or null when it has none (or there is no such version).</summary>
    public async Task<BaselineSummary?> BaselineAsync(int modelId, int versionNumber, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var baseline = await db.Baselines.AsNoTracking().Include(b => b.Features)
            .Join(db.Versions.Where(v => v.ModelId == modelId && v.Number == versionNumber), b => b.VersionId, v => v.Id, (b, v) => b)
            .SingleOrDefaultAsync(ct);
        return baseline is null ? null : new BaselineSummary(versionNumber, baseline.RowCount,
            [.. baseline.Features.Where(f => f.Type == FeatureType.Numeric).OrderBy(f => f.Id).Select(f => f.Name)],
            [.. baseline.Features.Where(f => f.Type == FeatureType.Categorical).OrderBy(f => f.Id).Select(f => f.Name)],
            baseline.CreatedAt, baseline.CreatedBy);
    }

    public async Task<(IReadOnlyList<EvaluationResult> Items, int Total)?> ListAsync(int modelId, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Models.AnyAsync(m => m.Id == modelId, ct))
        {
            return null;
        }

        var query = db.Evaluations.AsNoTracking().Where(e => e.ModelId == modelId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((Math.Max(1, page) - 1) * Math.Clamp(pageSize, 1, 200)).Take(Math.Clamp(pageSize, 1, 200)).ToListAsync(ct);
        // Lists leave out the chart curves (about 10 kB per evaluation); GET /api/evaluations/{id} has them.
        return (rows.Select(e => StoredEvaluations.ToResult(e) with { Curves = null }).ToList(), total);
    }

    /// <summary>
    /// The evaluations that scored a version (as the monitored version or as the challenger), oldest period first, without
    /// their results: what the lineage lists.
    /// </summary>
    public async Task<IReadOnlyList<EvaluationSummary>> ForVersionAsync(int modelId, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Evaluations.AsNoTracking()
            .Where(e => e.ModelId == modelId && (e.VersionNumber == version || e.ChallengerNumber == version))
            .OrderBy(e => e.PeriodStart ?? e.PeriodEnd).ThenBy(e => e.Id)
            .Select(e => new EvaluationSummary(e.Id, e.Name, e.PeriodStart, e.PeriodEnd, e.VersionNumber, e.ChallengerNumber, e.RowCount, e.CreatedAt, e.CreatedBy))
            .ToListAsync(ct);
    }

    /// <summary>The model's evaluations in period order (the latest <paramref name="limit"/>), for trend charts; the latest with its curves.</summary>
    public async Task<ModelTrend> TrendAsync(int modelId, int limit = 240, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var points = await StoredEvaluations.LatestInPeriodOrderAsync(db, modelId, limit, ct);
        var latest = points.Count == 0 ? null : StoredEvaluations.ToResult(points[^1].Evaluation, points[^1].Findings);
        return new ModelTrend(
            [.. points.Select(x => new TrendPoint(x.Evaluation.Id, x.Evaluation.Name, x.Period, x.Evaluation.VersionNumber,
                x.Evaluation.ChallengerNumber, x.Evaluation.RowCount, x.Findings.Versions, x.Findings.Drift))],
            latest);
    }

    /// <summary>
    /// The fairness of the latest evaluation that has it (per attribute, with groups and status) and, per attribute, the
    /// disparate impact, equalized odds difference and status over the model's evaluations. Without
    /// <paramref name="version"/> those are the figures of the version each batch monitored; with it, the figures of that
    /// version's own scores wherever it was scored, as the monitored version or as the challenger. Null when there is no
    /// such model, or it has no such version.
    /// </summary>
    public async Task<ModelFairness?> FairnessAsync(int modelId, int? version = null, int limit = 240, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().Where(m => m.Id == modelId)
            .Select(m => new { m.Name, m.ModelType, m.Owner, m.OwnerId, m.SensitiveAttributes }).SingleOrDefaultAsync(ct);
        if (model is null || (version is int asked && !await db.Versions.AnyAsync(v => v.ModelId == modelId && v.Number == asked, ct)))
        {
            return null;
        }

        var all = await StoredEvaluations.LatestInPeriodOrderAsync(db, modelId, limit, ct);
        var scored = all.SelectMany(FairnessOfEachVersion).ToList();
        var points = scored.Where(x => version is null ? !x.AsChallenger : x.Version == version).ToList();
        var trend = points.SelectMany(p => p.Fairness.Select(a => (Attribute: a.Key,
                Point: new FairnessTrendPoint(p.Stored.Evaluation.Id, p.Stored.Period, p.Version, a.Value.DisparateImpact, a.Value.EqualizedOddsDifference, a.Value.Status))))
            .GroupBy(x => x.Attribute, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FairnessTrendPoint>)[.. g.Select(x => x.Point)], StringComparer.Ordinal);
        var latest = points.Count > 0 ? points[^1] : null;
        // A regression model's errors per group are only computed for the monitored version.
        var regression = latest is null ? all.LastOrDefault(x => x.Findings.RegressionFairness is { Count: > 0 } && (version is null || x.Evaluation.VersionNumber == version)) : null;
        var basis = latest?.Stored ?? regression;
        return new ModelFairness(modelId, model.Name, model.ModelType, model.Owner, model.SensitiveAttributes,
            basis?.Evaluation.Id, basis?.Evaluation.Name, latest?.Version ?? basis?.Evaluation.VersionNumber, basis?.Period,
            latest?.Fairness ?? new Dictionary<string, AttributeFairness>(), trend, regression?.Findings.RegressionFairness, model.OwnerId,
            latest?.AsChallenger ?? false, [.. scored.Select(x => x.Version).Distinct().Order()]);
    }

    private sealed record VersionFairness(StoredEvaluations.StoredEvaluation Stored, int Version, bool AsChallenger, IReadOnlyDictionary<string, AttributeFairness> Fairness);

    /// <summary>The monitored version's fairness in a batch and, when it had a challenger, the challenger's.</summary>
    private static IEnumerable<VersionFairness> FairnessOfEachVersion(StoredEvaluations.StoredEvaluation stored)
    {
        if (stored.Findings.Fairness is { Count: > 0 } monitored)
        {
            yield return new VersionFairness(stored, stored.Evaluation.VersionNumber, false, monitored);
        }

        if (stored.Evaluation.ChallengerNumber is int challenger && stored.Findings.ChallengerFairness is { Count: > 0 } own)
        {
            yield return new VersionFairness(stored, challenger, true, own);
        }
    }

    public async Task<EvaluationResult?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var evaluation = await db.Evaluations.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (evaluation is null)
        {
            return null;
        }

        // What the upload answered; for evaluations stored before that was kept, the alerts that still point at it.
        IReadOnlyList<RaisedAlert> alerts = evaluation.AlertsJson is { } json
            ? JsonSerializer.Deserialize<List<RaisedAlert>>(json, StoredEvaluations.Json) ?? []
            : [.. (await db.Alerts.AsNoTracking().Where(a => a.EvaluationId == id).OrderBy(a => a.Id).ToListAsync(ct)).Select(RaiseAlerts.ToRaised)];
        return StoredEvaluations.ToResult(evaluation) with { Alerts = alerts };
    }
}
