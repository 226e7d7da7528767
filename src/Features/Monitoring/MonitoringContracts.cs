using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>Settings of monitoring (section <c>Monitoring</c>).</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    public WebhookOptions Webhook { get; set; } = new();
}

/// <summary>The optional webhook that receives alert events (section <c>Monitoring:Webhook</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Where events are POSTed; no URL, no webhook.</summary>
    public Uri? Url { get; set; }

    /// <summary>The HMAC-SHA256 key; the receiver checks the X-ModelOps-Signature header with it.</summary>
    public string? Secret { get; set; }

    /// <summary>Attempts before a delivery is marked failed (and logged as an error).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How often the worker looks for deliveries due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before the first retry; it doubles with each further attempt (at most an hour).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => Url is not null;
}

public sealed record ThresholdRuleView(string Metric, ThresholdDirection Direction, double Warning, double Alert, AlertKind Kind);

/// <summary>A model's rules: its own, or the defaults when none were saved. Metrics lists what a rule may watch.</summary>
public sealed record ModelRules(int ModelId, bool IsDefault, IReadOnlyList<ThresholdRuleView> Rules, IReadOnlyList<string> Metrics, DateTime? UpdatedAt, string? UpdatedBy);

public sealed record RuleInput(string? Metric, ThresholdDirection Direction, double Warning, double Alert);

public sealed record RulesInput(IReadOnlyList<RuleInput>? Rules);

public sealed record CommentInput(string? Comment);

public sealed record AlertView(
    int Id, int ModelId, string ModelName, int Version, AlertKind Kind, string Metric, string? Feature, AlertLevel Level,
    ThresholdDirection Direction, double Value, double Threshold, double? Reference, int? EvaluationId, int? DeploymentId,
    DateTime RaisedAt, DateTime LastSeenAt, int Occurrences, AlertStatus Status,
    string? AcknowledgedBy, DateTime? AcknowledgedAt, string? AcknowledgeComment,
    string? ResolvedBy, DateTime? ResolvedAt, string? ResolveComment);

/// <summary>Alerts to list. Status null with Unresolved true means open or acknowledged.</summary>
public sealed record AlertQuery(AlertStatus? Status = null, bool Unresolved = false, int? ModelId = null, AlertKind? Kind = null, int Page = 1, int PageSize = 25);

public sealed record AlertPage(IReadOnlyList<AlertView> Items, int TotalCount, int Page, int PageSize);

/// <summary>What an evaluation or a deployment's figures raised: new alerts and ones whose level went up.</summary>
public sealed record RaisedAlert(int Id, AlertKind Kind, string Metric, string? Feature, AlertLevel Level, double Value, double Threshold, double? Reference, bool Escalated);

public sealed record StatisticsInput(DateTime PeriodStart, DateTime PeriodEnd, long Requests, long Errors, double P50LatencyMs, double P95LatencyMs);

public sealed record StatisticsView(
    int Id, int DeploymentId, int Version, string Environment, DateTime PeriodStart, DateTime PeriodEnd, long Requests, long Errors,
    double ErrorRate, double P50LatencyMs, double P95LatencyMs, DateTime ReportedAt, string ReportedBy);

public sealed record StatisticsResult(StatisticsView Statistics, IReadOnlyList<RaisedAlert> Alerts);

/// <summary>Figures of one version at one moment, to hold against the model's rules.</summary>
public sealed record Observation(
    int ModelId, int VersionNumber, int? EvaluationId, int? DeploymentId,
    IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, double>? FirstValues, IReadOnlyDictionary<string, double> DriftPsi);
