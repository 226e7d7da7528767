using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;
using ModelOpsPortal.Infrastructure.Telemetry;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>
/// A scored batch of a version (and its challenger): reads it row by row, checks every value (errors name the line and
/// the column), runs the engine (<see cref="BatchAnalysis"/>), and stores the findings with the alerts they raise and
/// the audit event, in one transaction. Nothing is written unless the whole batch is valid.
/// </summary>
public sealed class UploadEvaluation(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, RaiseAlerts alerting,
    Microsoft.Extensions.Options.IOptions<FairnessOptions> fairness, AuditTrail audit, PortalTelemetry telemetry, ILogger<UploadEvaluation> log)
{
    /// <returns>The stored evaluation, or null when the model does not exist.</returns>
    public async Task<EvaluationResult?> EvaluateAsync(int modelId, EvaluationRequest request, Stream csv, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await CheckAsync(db, modelId, request, ct) is not var (model, version, name))
        {
            return null;
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
        var baseline = await BatchAnalysis.BaselineAsync(db, version.Id, ct);
        var findings = BatchAnalysis.Analyse(batch, baseline, request, binary, fairness.Value.ToRules());
        return await StoreAsync(db, model, request, name, batch.Rows, findings, actor, activity, started, read, ct);
    }

    /// <summary>
    /// The SQL that reduces a batch of the version to its sufficient statistics where the data lives (issue #18).
    /// </summary>
    /// <returns>The statement, or null when the model does not exist.</returns>
    public async Task<string?> SummaryQueryAsync(int modelId, int versionNumber, int? challenger, string? dialect, string? source, int? precision, CancellationToken ct = default)
    {
        var parsed = Enum.TryParse<SummaryDialect>(dialect, ignoreCase: true, out var d) && Enum.IsDefined(d) && !int.TryParse(dialect, out _)
            ? d
            : throw InputRejectedException.For("dialect", EvaluationMessages.Format(EvaluationMessages.SummaryDialect, dialect,
                string.Join(", ", Enum.GetNames<SummaryDialect>().Select(n => n.ToLowerInvariant()))));
        if (!SummaryQuery.IsSource(source))
        {
            throw InputRejectedException.For("source", EvaluationMessages.Format(EvaluationMessages.SummarySource, source));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await CheckAsync(db, modelId, new EvaluationRequest(versionNumber, challenger, null, null, null), ct) is not var (model, version, _))
        {
            return null;
        }

        var shape = Shape(model, version, challenger, precision);
        if (shape.Numeric.Concat(shape.Categorical).Concat(shape.Sensitive).FirstOrDefault(n => !SummaryQuery.IsIdentifier(n)) is { } bad)
        {
            throw InputRejectedException.For("version", EvaluationMessages.Format(EvaluationMessages.SummaryColumnName, bad));
        }

        return SummaryQuery.Write(shape, parsed, source!);
    }

    /// <summary>
    /// Stores an evaluation from the summary query's result set (CSV), exactly as a row upload of the same rows would be
    /// stored: the same findings through the same engine, alerts, webhooks and audit event, in one transaction.
    /// </summary>
    /// <returns>The stored evaluation, or null when the model does not exist.</returns>
    public async Task<EvaluationResult?> EvaluateSummaryAsync(int modelId, EvaluationRequest request, int? precision, Stream csv, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await CheckAsync(db, modelId, request, ct) is not var (model, version, name))
        {
            return null;
        }

        var shape = Shape(model, version, request.Challenger, precision);
        using var activity = PortalTelemetry.Activities.StartActivity("Evaluate summary");
        activity?.SetTag("modelops.model.id", modelId).SetTag("modelops.version", request.Version).SetTag("modelops.challenger", request.Challenger);
        var started = Stopwatch.GetTimestamp();
        var summary = await SummaryCsv.ReadAsync(csv, shape, ct);
        activity?.SetTag("modelops.batch.rows", summary.Rows);
        var read = Stopwatch.GetElapsedTime(started);
        var baseline = await BatchAnalysis.BaselineAsync(db, version.Id, ct);
        var findings = SummaryAnalysis.Analyse(summary, baseline, request, shape.Binary, fairness.Value.ToRules()) with { SummaryPrecision = shape.Precision };
        return await StoreAsync(db, model, request, name, checked((int)summary.Rows), findings, actor, activity, started, read, ct);
    }

    private static SummaryShape Shape(Model model, ModelVersion version, int? challenger, int? precision) =>
        precision is null or (>= 0 and <= BatchSummary.MaxPrecision)
            ? SummaryShape.Of(model, version, challenger, precision ?? SummaryQuery.DefaultPrecision)
            : throw InputRejectedException.For("precision", EvaluationMessages.Format(EvaluationMessages.SummaryPrecisionRange, BatchSummary.MaxPrecision));

    /// <summary>The model with its versions, the version evaluated and the evaluation's name, once the request is checked.</summary>
    private async Task<(Model Model, ModelVersion Version, string Name)?> CheckAsync(PortalDbContext db, int modelId, EvaluationRequest request, CancellationToken ct)
    {
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

        return (model, version, name);
    }

    /// <summary>The evaluation, the alerts it raises, their webhooks and the audit event: stored together, or not at all.</summary>
    private async Task<EvaluationResult> StoreAsync(PortalDbContext db, Model model, EvaluationRequest request, string name, int rows, EvaluationFindings findings,
        Actor actor, Activity? activity, long started, TimeSpan read, CancellationToken ct)
    {
        var modelId = model.Id;
        var analysed = Stopwatch.GetElapsedTime(started);
        var evaluation = new Evaluation
        {
            ModelId = modelId,
            VersionNumber = request.Version,
            ChallengerNumber = request.Challenger,
            Name = name,
            PeriodStart = request.PeriodStart,
            PeriodEnd = request.PeriodEnd,
            RowCount = rows,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = actor.Name,
            ResultJson = JsonSerializer.Serialize(findings, StoredEvaluations.Json),
            FairnessFailed = findings.Fairness?.Values.Any(a => a.Status == FairnessStatus.Fail) == true,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Evaluations.Add(evaluation);
        await db.SaveChangesAsync(ct);
        var champion = findings.Versions[request.Version.ToString(CultureInfo.InvariantCulture)];
        var raised = await alerting.RaiseAsync(db, model.ModelType, new Observation(
            modelId, request.Version, evaluation.Id, null, champion.Figures(), await FirstFiguresAsync(db, evaluation, ct),
            findings.Drift?.ToDictionary(d => d.Key, d => d.Value.Psi, StringComparer.Ordinal) ?? []), ct);
        await db.SaveChangesAsync(ct);
        List<RaisedAlert> alerts = [.. raised.Select(RaiseAlerts.ToRaised)];
        evaluation.AlertsJson = JsonSerializer.Serialize(alerts, StoredEvaluations.Json);
        await alerting.QueueWebhooksAsync(db, raised, ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new("evaluation.uploaded", "Evaluation", evaluation.Id.ToString(CultureInfo.InvariantCulture),
            After: new { modelId, request.Version, request.Challenger, evaluation.Name, evaluation.PeriodStart, evaluation.PeriodEnd, evaluation.RowCount,
                findings.SummaryPrecision, alertsRaised = raised.Select(a => a.Id).ToList() })], ct);
        await transaction.CommitAsync(ct);
        var total = Stopwatch.GetElapsedTime(started);
        activity?.SetTag("modelops.evaluation.id", evaluation.Id);
        telemetry.BatchStored(findings.SummaryPrecision is null ? "evaluation" : "summary", rows, total, model.ModelType.ToString());
        log.Log(StoredEvaluations.QuietUploads.Value ? LogLevel.Debug : LogLevel.Information,
            "Evaluation {EvaluationId} of model {ModelId} v{Version}: {Rows} rows in {TotalMs:F0} ms (read {ReadMs:F0}, analyse {AnalyseMs:F0}, store {StoreMs:F0})",
            evaluation.Id, modelId, request.Version, rows, total.TotalMilliseconds, read.TotalMilliseconds, (analysed - read).TotalMilliseconds, (total - analysed).TotalMilliseconds);
        return StoredEvaluations.ToResult(evaluation, findings) with { Alerts = alerts };
    }

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
        var first = all.OrderBy(e => StoredEvaluations.PeriodOf(e.PeriodStart, e.PeriodEnd, e.CreatedAt)).ThenBy(e => e.Id).First();
        if (first.Id == current.Id)
        {
            return null;
        }

        var json = await db.Evaluations.Where(e => e.Id == first.Id).Select(e => e.ResultJson).SingleAsync(ct);
        var findings = JsonSerializer.Deserialize<EvaluationFindings>(json, StoredEvaluations.Json);
        return findings?.Versions.GetValueOrDefault(current.VersionNumber.ToString(CultureInfo.InvariantCulture)) is { } metrics ? metrics.Figures() : null;
    }
}
