using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Portfolio.Engine;

namespace ModelOpsPortal.Features.Portfolio;

/// <summary>A row of the inventory grid, the API's model list and the CSV export.</summary>
public sealed record ModelSummary(
    int Id,
    string Name,
    string BusinessUnit,
    string Owner,
    ModelType ModelType,
    RiskTier RiskTier,
    VersionStage? Stage,
    int? ChampionVersion,
    int ChallengerCount,
    int VersionCount,
    ModelLanguage? LatestLanguage,
    DateTime UpdatedAt,
    DateOnly? NextValidationDue,
    int OpenAlerts = 0,
    bool RetrainingRecommended = false,
    bool WithoutChampion = false);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize);

public enum InventorySort
{
    Name,
    BusinessUnit,
    Owner,
    RiskTier,
    ModelType,
    Stage,
    VersionCount,
    UpdatedAt,
    NextValidationDue,
}

/// <summary>Filters shared by the inventory grid, the REST API and the CSV export.</summary>
public sealed record InventoryQuery
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 25;

    /// <summary>Part of the name (case-insensitive).</summary>
    public string? Name { get; init; }
    public VersionStage? Stage { get; init; }
    public RiskTier? RiskTier { get; init; }
    public string? BusinessUnit { get; init; }
    public string? Owner { get; init; }
    /// <summary>Models with at least one version in this language.</summary>
    public ModelLanguage? Language { get; init; }
    public ModelType? ModelType { get; init; }
    /// <summary>Models with (true) or without (false) an unresolved alert at the alert level.</summary>
    public bool? RetrainingRecommended { get; init; }
    /// <summary>The models behind a KPI figure (the dashboard's drill-down).</summary>
    public KpiSet? Kpi { get; init; }
    /// <summary>For the throughput sets: the quarter.</summary>
    public Quarter? Quarter { get; init; }
    public InventorySort Sort { get; init; } = InventorySort.Name;
    public bool Descending { get; init; }
    /// <summary>1-based.</summary>
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;
}

/// <summary>Distinct values for the grid's filter lists.</summary>
public sealed record InventoryFilterOptions(IReadOnlyList<string> BusinessUnits, IReadOnlyList<string> Owners);
