using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Csv;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;
using ModelOpsPortal.Infrastructure.Telemetry;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>
/// Baselines and evaluations: reads a CSV batch row by row, checks every value (errors name the line and the
/// column), runs the engine, and stores only the results. Nothing is written unless the whole batch is valid.
/// </summary>
public sealed class EvaluationService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, MonitoringService monitoring,
    Microsoft.Extensions.Options.IOptions<FairnessOptions> fairness, AuditTrail audit, PortalTelemetry telemetry, ILogger<EvaluationService> log)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <returns>The stored profile, or null when the model or version does not exist.</returns>
    /// <summary>Set by the demo seeder for its flow: each stored evaluation is logged at Debug instead of Information.</summary>
    internal static readonly AsyncLocal<bool> QuietUploads = new();

    public async Task<BaselineSummary?> UploadBaselineAsync(int modelId, int versionNumber, Stream csv, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.Versions.Include(v => v.Features).SingleOrDefaultAsync(v => v.ModelId == modelId && v.Number == versionNumber, ct);
        if (version is null)
        {
            return null;
        }

        using var activity = PortalTelemetry.Activities.StartActivity("Store baseline");
        activity?.SetTag("modelops.model.id", modelId).SetTag("modelops.version", versionNumber);
        var started = Stopwatch.GetTimestamp();
        var batch = await EvaluationBatch.ReadAsync(csv, version.Features, sensitive: [], requireScore: false, binary: false, ct);
        activity?.SetTag("modelops.batch.rows", batch.Rows);
        // The baseline replaces the drift reference of every feature: one without them would silently end drift monitoring.
        var missing = version.Features.OrderBy(f => f.Ordinal).Select(f => f.Name)
            .Where(n => !batch.Numeric.ContainsKey(n) && !batch.Categorical.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw EvaluationBatch.Problem(EvaluationMessages.Format(EvaluationMessages.BaselineMissesFeatures, versionNumber, string.Join(", ", missing)));
        }
        var baseline = new Baseline { VersionId = version.Id, RowCount = batch.Rows, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = actor.Name };
        foreach (var (name, values) in batch.Numeric)
        {
            var profile = NumericBaseline.From(values);
            baseline.Features.Add(new BaselineFeature
            {
                Name = name,
                Type = FeatureType.Numeric,
                EdgesJson = JsonSerializer.Serialize(profile.Edges),
                SortedValues = MemoryMarshal.AsBytes(profile.SortedValues.AsSpan()).ToArray(),
            });
        }

        foreach (var (name, values) in batch.Categorical)
        {
            baseline.Features.Add(new BaselineFeature
            {
                Name = name,
                Type = FeatureType.Categorical,
                CategoriesJson = JsonSerializer.Serialize(CategoricalBaseline.From(values).Proportions),
            });
        }

        // A new baseline replaces the old one, in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Baselines.Where(b => b.VersionId == version.Id).ExecuteDeleteAsync(ct);
        db.Baselines.Add(baseline);
        await db.SaveChangesAsync(ct);
        var summary = new BaselineSummary(versionNumber, batch.Rows, [.. batch.Numeric.Keys], [.. batch.Categorical.Keys], baseline.CreatedAt, actor.Name);
        await audit.AppendAsync(db, actor, [new("baseline.uploaded", AuditEntry.Version, AuditEntry.VersionId(modelId, versionNumber),
            After: summary)], ct);
        await transaction.CommitAsync(ct);
        telemetry.BatchStored("baseline", batch.Rows, Stopwatch.GetElapsedTime(started));
        return summary;
    }

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

    /// <returns>The stored evaluation, or null when the model does not exist.</returns>
    public async Task<EvaluationResult?> EvaluateAsync(int modelId, EvaluationRequest request, Stream csv, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().AsSplitQuery().Include(m => m.Versions).ThenInclude(v => v.Features).SingleOrDefaultAsync(m => m.Id == modelId, ct);
        if (model is null)
        {
            return null;
        }

        var version = model.Versions.SingleOrDefault(v => v.Number == request.Version)
            ?? throw InputRejectedException.For("version", EvaluationMessages.Format(EvaluationMessages.UnknownVersion, request.Version, model.Name));
        if (request.Challenger is int challenger && model.Versions.All(v => v.Number != challenger))
        {
            throw InputRejectedException.For("challenger", EvaluationMessages.Format(EvaluationMessages.UnknownVersion, challenger, model.Name));
        }

        if (request.PeriodStart is DateOnly from && request.PeriodEnd is DateOnly to && to < from)
        {
            throw InputRejectedException.For("periodEnd", EvaluationMessages.Format(EvaluationMessages.PeriodOrder, to, from));
        }

        var name = TextHygiene.Normalize(request.Name?.Trim() ?? "");
        if (name.Length > FieldLimits.Name || TextHygiene.Problem(name) is not null)
        {
            throw InputRejectedException.For("name", TextHygiene.Problem(name) ?? EvaluationMessages.Format(EvaluationMessages.NameTooLong, FieldLimits.Name));
        }

        if (name.Length == 0)
        {
            // The default name fits the column (the SQL Server column is the smallest) however long the model's name is.
            var suffix = $" v{request.Version} {clock.GetUtcNow():yyyy-MM-dd}";
            name = model.Name[..Math.Min(model.Name.Length, FieldLimits.Name - suffix.Length)] + suffix;
        }

        var binary = model.ModelType == ModelType.BinaryClassification;
        using var activity = PortalTelemetry.Activities.StartActivity("Evaluate batch");
        activity?.SetTag("modelops.model.id", modelId).SetTag("modelops.version", request.Version).SetTag("modelops.challenger", request.Challenger);
        var started = Stopwatch.GetTimestamp();
        var batch = await EvaluationBatch.ReadAsync(csv, version.Features, model.SensitiveAttributes, requireScore: true, binary, ct);
        activity?.SetTag("modelops.batch.rows", batch.Rows);
        if (batch.HasChallenger && request.Challenger is null)
        {
            throw InputRejectedException.For("challenger", EvaluationMessages.ChallengerNotNamed);
        }

        var read = Stopwatch.GetElapsedTime(started);
        var baseline = await BaselineAsync(db, version.Id, ct);
        var findings = Analyse(batch, baseline, request, binary, fairness.Value.ToRules());
        var analysed = Stopwatch.GetElapsedTime(started);
        var evaluation = new Evaluation
        {
            ModelId = modelId,
            VersionNumber = request.Version,
            ChallengerNumber = request.Challenger,
            Name = name,
            PeriodStart = request.PeriodStart,
            PeriodEnd = request.PeriodEnd,
            RowCount = batch.Rows,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = actor.Name,
            ResultJson = JsonSerializer.Serialize(findings, Json),
            FairnessFailed = findings.Fairness?.Values.Any(a => a.Status == FairnessStatus.Fail) == true,
        };
        // The evaluation and the alerts it raises are stored together, or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Evaluations.Add(evaluation);
        await db.SaveChangesAsync(ct);
        var champion = findings.Versions[request.Version.ToString(CultureInfo.InvariantCulture)];
        var raised = await monitoring.RaiseAsync(db, model.ModelType, new Observation(
            modelId, request.Version, evaluation.Id, null, champion.Figures(), await FirstFiguresAsync(db, evaluation, ct),
            findings.Drift?.ToDictionary(d => d.Key, d => d.Value.Psi, StringComparer.Ordinal) ?? []), ct);
        await db.SaveChangesAsync(ct);
        List<RaisedAlert> alerts = [.. raised.Select(MonitoringService.ToRaised)];
        evaluation.AlertsJson = JsonSerializer.Serialize(alerts, Json);
        await monitoring.QueueWebhooksAsync(db, raised, ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new("evaluation.uploaded", "Evaluation", evaluation.Id.ToString(CultureInfo.InvariantCulture),
            After: new { modelId, request.Version, request.Challenger, evaluation.Name, evaluation.PeriodStart, evaluation.PeriodEnd, evaluation.RowCount,
                alertsRaised = raised.Select(a => a.Id).ToList() })], ct);
        await transaction.CommitAsync(ct);
        var total = Stopwatch.GetElapsedTime(started);
        activity?.SetTag("modelops.evaluation.id", evaluation.Id);
        telemetry.BatchStored("evaluation", batch.Rows, total, model.ModelType.ToString());
        log.Log(QuietUploads.Value ? LogLevel.Debug : LogLevel.Information,
            "Evaluation {EvaluationId} of model {ModelId} v{Version}: {Rows} rows in {TotalMs:F0} ms (read {ReadMs:F0}, analyse {AnalyseMs:F0}, store {StoreMs:F0})",
            evaluation.Id, modelId, request.Version, batch.Rows, total.TotalMilliseconds, read.TotalMilliseconds, (analysed - read).TotalMilliseconds, (total - analysed).TotalMilliseconds);
        return ToResult(evaluation, findings) with { Alerts = alerts };
    }

    /// <summary>A stored evaluation with its period and its findings read back, for charts and comparisons.</summary>
    internal sealed record StoredEvaluation(Evaluation Evaluation, DateOnly Period, EvaluationFindings Findings);

    /// <summary>Reads the findings back and orders by period (then id): the order every chart and comparison uses.</summary>
    internal static List<StoredEvaluation> InPeriodOrder(IEnumerable<Evaluation> evaluations) =>
        [.. evaluations
            .Select(e => new StoredEvaluation(e, PeriodOf(e.PeriodStart, e.PeriodEnd, e.CreatedAt), JsonSerializer.Deserialize<EvaluationFindings>(e.ResultJson, Json)!))
            .OrderBy(x => x.Period).ThenBy(x => x.Evaluation.Id)];

    /// <summary>The model's latest <paramref name="limit"/> uploads, in period order.</summary>
    private static async Task<List<StoredEvaluation>> LatestInPeriodOrderAsync(PortalDbContext db, int modelId, int limit, CancellationToken ct) =>
        InPeriodOrder(await db.Evaluations.AsNoTracking().Where(e => e.ModelId == modelId)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(limit).ToListAsync(ct));

    /// <summary>The period an evaluation covers, for ordering and charts: its start, else its end, else the day it was uploaded.</summary>
    internal static DateOnly PeriodOf(DateOnly? periodStart, DateOnly? periodEnd, DateTime createdAt) =>
        periodStart ?? periodEnd ?? DateOnly.FromDateTime(createdAt);

    /// <summary>
    /// The version's figures at its first evaluation (by period), which relative rules compare with; null when the
    /// evaluation just stored is itself the first.
    /// </summary>
    private static async Task<Dictionary<string, double>?> FirstFiguresAsync(PortalDbContext db, Evaluation current, CancellationToken ct)
    {
        var all = await db.Evaluations.AsNoTracking()
            .Where(e => e.ModelId == current.ModelId && e.VersionNumber == current.VersionNumber)
            .Select(e => new { e.Id, e.PeriodStart, e.PeriodEnd, e.CreatedAt })
            .ToListAsync(ct);
        var first = all.OrderBy(e => PeriodOf(e.PeriodStart, e.PeriodEnd, e.CreatedAt)).ThenBy(e => e.Id).First();
        if (first.Id == current.Id)
        {
            return null;
        }

        var json = await db.Evaluations.Where(e => e.Id == first.Id).Select(e => e.ResultJson).SingleAsync(ct);
        var findings = JsonSerializer.Deserialize<EvaluationFindings>(json, Json);
        return findings?.Versions.GetValueOrDefault(current.VersionNumber.ToString(CultureInfo.InvariantCulture)) is { } metrics ? metrics.Figures() : null;
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
        return (rows.Select(e => ToResult(e) with { Curves = null }).ToList(), total);
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
        var points = await LatestInPeriodOrderAsync(db, modelId, limit, ct);
        var latest = points.Count == 0 ? null : ToResult(points[^1].Evaluation, points[^1].Findings);
        return new ModelTrend(
            [.. points.Select(x => new TrendPoint(x.Evaluation.Id, x.Evaluation.Name, x.Period, x.Evaluation.VersionNumber,
                x.Evaluation.ChallengerNumber, x.Evaluation.RowCount, x.Findings.Versions, x.Findings.Drift))],
            latest);
    }

    /// <summary>
    /// The fairness of the latest evaluation that has it (per attribute, with groups and status) and, per attribute, the
    /// disparate impact, equalized odds difference and status over the model's evaluations. Null when there is no such model.
    /// </summary>
    public async Task<ModelFairness?> FairnessAsync(int modelId, int limit = 240, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().Where(m => m.Id == modelId)
            .Select(m => new { m.Name, m.ModelType, m.Owner, m.OwnerId, m.SensitiveAttributes }).SingleOrDefaultAsync(ct);
        if (model is null)
        {
            return null;
        }

        var all = await LatestInPeriodOrderAsync(db, modelId, limit, ct);
        var points = all.Where(x => x.Findings.Fairness is { Count: > 0 }).ToList();
        var trend = points.SelectMany(p => p.Findings.Fairness!.Select(a => (Attribute: a.Key,
                Point: new FairnessTrendPoint(p.Evaluation.Id, p.Period, p.Evaluation.VersionNumber, a.Value.DisparateImpact, a.Value.EqualizedOddsDifference, a.Value.Status))))
            .GroupBy(x => x.Attribute, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FairnessTrendPoint>)[.. g.Select(x => x.Point)], StringComparer.Ordinal);
        var latest = points.Count > 0 ? points[^1] : all.LastOrDefault(x => x.Findings.RegressionFairness is { Count: > 0 });
        return new ModelFairness(modelId, model.Name, model.ModelType, model.Owner, model.SensitiveAttributes,
            latest?.Evaluation.Id, latest?.Evaluation.Name, latest?.Evaluation.VersionNumber, latest?.Period,
            latest?.Findings.Fairness ?? new Dictionary<string, AttributeFairness>(), trend, latest?.Findings.RegressionFairness, model.OwnerId);
    }

    /// <summary>The version's figures in its latest evaluation (by period) where it was scored, monitored or as challenger; null when it never was.</summary>
    public async Task<VersionEvaluationEvidence?> VersionEvidenceAsync(int modelId, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var latest = InPeriodOrder(await db.Evaluations.AsNoTracking()
                .Where(e => e.ModelId == modelId && (e.VersionNumber == version || e.ChallengerNumber == version))
                .OrderByDescending(e => e.PeriodStart ?? e.PeriodEnd).ThenByDescending(e => e.Id).Take(24).ToListAsync(ct))
            .LastOrDefault();
        if (latest is null || !latest.Findings.Versions.TryGetValue(version.ToString(CultureInfo.InvariantCulture), out var metrics))
        {
            return null;
        }

        var fairness = latest.Evaluation.VersionNumber == version ? latest.Findings.Fairness : latest.Findings.ChallengerFairness;
        return new VersionEvaluationEvidence(latest.Evaluation.Id, latest.Evaluation.Name, latest.Period, latest.Evaluation.RowCount, metrics,
            fairness?.ToDictionary(a => a.Key, a => a.Value.Status, StringComparer.Ordinal),
            fairness?.ToDictionary(a => a.Key, a => a.Value.DisparateImpact, StringComparer.Ordinal),
            latest.Evaluation.VersionNumber == version ? latest.Findings.Drift : null); // drift is measured for the monitored version's inputs
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
            ? JsonSerializer.Deserialize<List<RaisedAlert>>(json, Json) ?? []
            : [.. (await db.Alerts.AsNoTracking().Where(a => a.EvaluationId == id).OrderBy(a => a.Id).ToListAsync(ct)).Select(MonitoringService.ToRaised)];
        return ToResult(evaluation) with { Alerts = alerts };
    }

    /// <summary>
    /// Runs the engine over the batch. The independent parts (each version's ranking, each feature's drift) run in
    /// parallel; they are pure functions of the batch.
    /// </summary>
    private static EvaluationFindings Analyse(EvaluationBatch batch, BaselineProfile? baseline, EvaluationRequest request, bool binary, FairnessRules rules)
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
            var m = BinaryMetrics.Compute(scores, batch.Labels, ranks);
            return new VersionMetrics(m.Count, m.Positives, m.Auc, m.Gini, m.Ks, m.Accuracy, m.Precision, m.Recall, m.F1, m.LogLoss, m.Brier,
                Note: m.Auc is null ? EvaluationMessages.OneClass : null);
        }

        if (!binary && batch.HasActuals)
        {
            var m = RegressionMetrics.Compute(scores, batch.Actuals);
            return new VersionMetrics(m.Count, Rmse: m.Rmse, Mae: m.Mae, R2: m.R2, Mape: m.Mape);
        }

        return new VersionMetrics(scores.Length, Note: EvaluationMessages.NoLabels);
    }

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

    private static Dictionary<string, FeatureDriftResult> Drift(BaselineProfile baseline, EvaluationBatch batch, Dictionary<string, FeatureDrift> numeric)
    {
        var drift = new Dictionary<string, FeatureDriftResult>(StringComparer.Ordinal);
        foreach (var name in baseline.Order)
        {
            var result = numeric.GetValueOrDefault(name)
                ?? (baseline.Categorical.TryGetValue(name, out var profile) && batch.Categorical.TryGetValue(name, out var values)
                    ? Engine.Drift.Categorical(profile, values)
                    : null);
            if (result is not null)
            {
                drift[name] = new FeatureDriftResult(result.Psi, result.Ks, DriftStatus(result.Psi));
            }
        }

        return drift;
    }

    /// <summary>The usual PSI reading: below 0.1 stable, below 0.25 worth a look, above that a shift.</summary>
    internal static string DriftStatus(double psi) => psi < 0.1 ? "stable" : psi < 0.25 ? "warning" : "alert";

    /// <summary>A version's stored reference profile, decoded for the engine.</summary>
    private sealed record BaselineProfile(IReadOnlyList<string> Order, Dictionary<string, NumericBaseline> Numeric, Dictionary<string, CategoricalBaseline> Categorical);

    private static async Task<BaselineProfile?> BaselineAsync(PortalDbContext db, int versionId, CancellationToken ct)
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

    private static EvaluationResult ToResult(Evaluation e) => ToResult(e, JsonSerializer.Deserialize<EvaluationFindings>(e.ResultJson, Json)!)
        with { Alerts = e.AlertsJson is { } alerts ? JsonSerializer.Deserialize<List<RaisedAlert>>(alerts, Json) : null };

    private static EvaluationResult ToResult(Evaluation e, EvaluationFindings f) =>
        new(e.Id, e.ModelId, e.VersionNumber, e.ChallengerNumber, e.Name, e.PeriodStart, e.PeriodEnd, e.RowCount, e.CreatedAt, e.CreatedBy,
            f.Versions, f.Drift, f.DriftUnavailable, f.Comparison, f.Fairness, f.Curves, RegressionFairness: f.RegressionFairness);
}
