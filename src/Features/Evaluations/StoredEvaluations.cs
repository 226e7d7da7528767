using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Csv;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Telemetry;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>How evaluations are stored and read back: the JSON of their findings, their period, their order.</summary>
internal static class StoredEvaluations
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Set by the demo seeder for its flow: each stored evaluation is logged at Debug instead of Information.</summary>
    internal static readonly AsyncLocal<bool> QuietUploads = new();

    /// <summary>A stored evaluation with its period and its findings read back, for charts and comparisons.</summary>
    public sealed record StoredEvaluation(Evaluation Evaluation, DateOnly Period, EvaluationFindings Findings);

    /// <summary>Reads the findings back and orders by period (then id): the order every chart and comparison uses.</summary>
    public static List<StoredEvaluation> InPeriodOrder(IEnumerable<Evaluation> evaluations) =>
        [.. evaluations
            .Select(e => new StoredEvaluation(e, PeriodOf(e.PeriodStart, e.PeriodEnd, e.CreatedAt), JsonSerializer.Deserialize<EvaluationFindings>(e.ResultJson, Json)!))
            .OrderBy(x => x.Period).ThenBy(x => x.Evaluation.Id)];

    /// <summary>The model's latest <paramref name="limit"/> uploads, in period order.</summary>
    public static async Task<List<StoredEvaluation>> LatestInPeriodOrderAsync(PortalDbContext db, int modelId, int limit, CancellationToken ct) =>
        InPeriodOrder(await db.Evaluations.AsNoTracking().Where(e => e.ModelId == modelId)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Take(limit).ToListAsync(ct));

    /// <summary>The period an evaluation covers, for ordering and charts: its start, else its end, else the day it was uploaded.</summary>
    public static DateOnly PeriodOf(DateOnly? periodStart, DateOnly? periodEnd, DateTime createdAt) =>
        periodStart ?? periodEnd ?? DateOnly.FromDateTime(createdAt);

    public static EvaluationResult ToResult(Evaluation e) => ToResult(e, JsonSerializer.Deserialize<EvaluationFindings>(e.ResultJson, Json)!)
        with { Alerts = e.AlertsJson is { } alerts ? JsonSerializer.Deserialize<List<RaisedAlert>>(alerts, Json) : null };

    public static EvaluationResult ToResult(Evaluation e, EvaluationFindings f) =>
        new(e.Id, e.ModelId, e.VersionNumber, e.ChallengerNumber, e.Name, e.PeriodStart, e.PeriodEnd, e.RowCount, e.CreatedAt, e.CreatedBy,
            f.Versions, f.Drift, f.DriftUnavailable, f.Comparison, f.Fairness, f.Curves, RegressionFairness: f.RegressionFairness,
            ChallengerFairness: f.ChallengerFairness, SummaryPrecision: f.SummaryPrecision);
}
