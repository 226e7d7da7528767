namespace ModelOpsPortal.Domain;

/// <summary>
/// The reference profile of a version's inputs, taken from a training or validation sample; drift is measured
/// against it. One per version (a new upload replaces it).
/// </summary>
public sealed class Baseline
{
    public int Id { get; private set; }
    public int VersionId { get; set; }
    public int RowCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public List<BaselineFeature> Features { get; set; } = [];
}

/// <summary>
/// One feature's profile. Numeric: decile edges (JSON) and the sorted sample (packed doubles) that an exact
/// two-sample KS needs. Categorical: each category's share (JSON).
/// </summary>
public sealed class BaselineFeature
{
    public int Id { get; private set; }
    public int BaselineId { get; set; }
    public string Name { get; set; } = "";
    public FeatureType Type { get; set; }
    public string? EdgesJson { get; set; }
    public byte[]? SortedValues { get; set; }
    public string? CategoriesJson { get; set; }
}

/// <summary>One scoring batch of a model for a period: its results are kept, its rows are not.</summary>
public sealed class Evaluation
{
    public int Id { get; private set; }
    public int ModelId { get; set; }
    public int VersionNumber { get; set; }
    public int? ChallengerNumber { get; set; }
    public string Name { get; set; } = "";
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public int RowCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    /// <summary>Whether the monitored version failed a fairness rule on any sensitive attribute (a column, for the KPIs).</summary>
    public bool FairnessFailed { get; set; }

    /// <summary>The results as the API returns them (metrics per version, drift, comparison, fairness).</summary>
    public string ResultJson { get; set; } = "{}";

    /// <summary>
    /// The alerts the upload raised or escalated, as its answer listed them (JSON), so that reading the evaluation later
    /// says the same. Null for evaluations stored before it was kept.
    /// </summary>
    public string? AlertsJson { get; set; }
}
