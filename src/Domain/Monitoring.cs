namespace ModelOpsPortal.Domain;

/// <summary>How a monitored figure is compared with its levels.</summary>
public enum ThresholdDirection
{
    /// <summary>Crosses when the value is at or below the level (e.g. AUC below 0.70).</summary>
    Below,

    /// <summary>Crosses when the value is at or above the level (e.g. PSI of 0.25 or more).</summary>
    Above,

    /// <summary>Crosses when the value has fallen by at least the level (a fraction) from the version's first evaluation.</summary>
    DropFromFirst,

    /// <summary>Crosses when the value has risen by at least the level (a fraction) from the version's first evaluation.</summary>
    RiseFromFirst,
}

public enum AlertLevel
{
    Warning,
    Alert,
}

public enum AlertStatus
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>What an alert is about: the model's performance, its inputs' drift, or the deployment's operation.</summary>
public enum AlertKind
{
    Performance,
    Drift,
    Stability,
}

/// <summary>
/// A monitoring rule of one model: a metric, how it is compared, and its warning and alert levels. A model without
/// stored rules is watched by the defaults (MonitoringDefaults); saving rules replaces them for that model.
/// </summary>
public sealed class ThresholdRule
{
    public int Id { get; private set; }
    public int ModelId { get; set; }

    /// <summary>A metric name as in the evaluation results (auc, r2, psi, errorRate, p95LatencyMs…).</summary>
    public string Metric { get; set; } = "";
    public ThresholdDirection Direction { get; set; }
    public double Warning { get; set; }
    public double Alert { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>
/// A crossing of a rule's level by an evaluation or a deployment's figures. It stays open until someone resolves it;
/// a later crossing of the same rule while it is unresolved updates it (and raises its level if higher) instead of
/// opening another.
/// </summary>
public sealed class MonitoringAlert
{
    public int Id { get; private set; }
    public int ModelId { get; set; }
    public int VersionNumber { get; set; }
    public AlertKind Kind { get; set; }
    public string Metric { get; set; } = "";

    /// <summary>The feature, for drift alerts.</summary>
    public string? Feature { get; set; }
    public AlertLevel Level { get; set; }
    public ThresholdDirection Direction { get; set; }

    /// <summary>The value that crossed, and the level it crossed.</summary>
    public double Value { get; set; }
    public double Threshold { get; set; }

    /// <summary>For rules relative to the first evaluation: the value then.</summary>
    public double? Reference { get; set; }
    public int? EvaluationId { get; set; }
    public int? DeploymentId { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public int Occurrences { get; set; } = 1;
    public AlertStatus Status { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public string? AcknowledgeComment { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? ResolveComment { get; set; }
}

/// <summary>Operational figures a deployment reports for a period (stability monitoring).</summary>
public sealed class DeploymentStatistics
{
    public int Id { get; private set; }
    public int DeploymentId { get; set; }
    public DateTime PeriodStart { get; set; }
    public DateTime PeriodEnd { get; set; }
    public long Requests { get; set; }
    public long Errors { get; set; }
    public double P50LatencyMs { get; set; }
    public double P95LatencyMs { get; set; }
    public DateTime ReportedAt { get; set; }
    public string ReportedBy { get; set; } = "";

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
}

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>
/// An event waiting to be sent to the configured webhook (an outbox: written in the same transaction as the alert,
/// sent and retried by a background worker, so nothing is lost when the receiver is down).
/// </summary>
public sealed class WebhookDelivery
{
    public int Id { get; private set; }
    public string EventType { get; set; } = "";
    public string PayloadJson { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Which worker holds the delivery and until when (several portal instances may run workers).</summary>
    public string? LockedBy { get; set; }
    public DateTime? LockedUntil { get; set; }

    /// <summary>The model's own webhook it goes to; null for the administrator's (<c>Monitoring:Webhook</c>).</summary>
    public int? ModelWebhookId { get; set; }
}

/// <summary>
/// A model's own webhook: the model's events (alerts, requests and their decisions, stage changes) are sent here as well
/// as to the administrator's webhook, signed with this subscription's secret.
/// </summary>
public sealed class ModelWebhook
{
    public int Id { get; private set; }
    public int ModelId { get; set; }
    public string Url { get; set; } = "";

    /// <summary>The signing key, encrypted with the portal's data protection keys (never shown again).</summary>
    public string ProtectedSecret { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}
