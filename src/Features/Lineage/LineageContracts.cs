using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Lineage.Engine;

namespace ModelOpsPortal.Features.Lineage;

/// <summary>
/// One step of a version's lineage. <see cref="Title"/> and <see cref="Detail"/> are data (a dataset name, a commit, an
/// ISO period, an endpoint), never prose, so that the API reads the same in every language; the typed fields say the
/// rest (stage, request kind and status, approvers, rows). <see cref="Href"/> is the node's page in the portal, or the
/// code repository.
/// </summary>
public sealed record LineageNode(string Id, LineageStep Step, string Title, string? Detail, string? Href, DateTime? At = null, string? By = null)
{
    public VersionStage? Stage { get; init; }
    public ProductionRole? Role { get; init; }
    public RequestKind? RequestKind { get; init; }
    public RequestStatus? RequestStatus { get; init; }
    public IReadOnlyList<string>? Approvers { get; init; }
    public bool? Live { get; init; }

    /// <summary>Rows of a baseline or an evaluation; the number of evaluations a "more evaluations" node stands for.</summary>
    public long? Count { get; init; }
}

/// <summary>An arrow of the lineage: <see cref="From"/> went into <see cref="To"/>.</summary>
public sealed record LineageEdge(string From, string To);

/// <summary>
/// A version's lineage: training data and code → version → baseline and evaluations → requests and decisions →
/// deployments → retirement. Every evaluation is a node; <see cref="Condensed"/> folds the older ones for drawing.
/// </summary>
public sealed record VersionLineage(
    int ModelId, string ModelName, int Version, VersionStage Stage, ProductionRole Role, IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges)
{
    public const string MoreEvaluationsId = "evaluations-more";

    /// <summary>
    /// The same graph with the evaluations beyond the latest <paramref name="keep"/> folded into one node, except those a
    /// request cites as evidence (they stay: they are what an approval rested on). Edges to folded nodes go to the fold.
    /// </summary>
    public VersionLineage Condensed(int keep, string? href = null)
    {
        var evaluations = Nodes.Where(n => n.Step == LineageStep.Evaluation).ToList();
        var cited = Edges.Where(e => Nodes.Any(n => n.Id == e.To && n.Step == LineageStep.Request)).Select(e => e.From).ToHashSet(StringComparer.Ordinal);
        var kept = evaluations.TakeLast(Math.Max(0, keep)).Select(n => n.Id).Concat(cited).ToHashSet(StringComparer.Ordinal);
        var folded = evaluations.Where(n => !kept.Contains(n.Id)).ToList();
        if (folded.Count == 0)
        {
            return this;
        }

        var fold = new LineageNode(MoreEvaluationsId, LineageStep.MoreEvaluations, folded.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            folded[0].Detail is { } from && folded[^1].Detail is { } to ? $"{from.Split('/')[0]}/{to.Split('/')[^1]}" : null, href, folded.Max(n => n.At))
        {
            Count = folded.Count,
        };
        var foldedIds = folded.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        string Map(string id) => foldedIds.Contains(id) ? MoreEvaluationsId : id;
        var nodes = Nodes.Where(n => !foldedIds.Contains(n.Id)).ToList();
        nodes.Insert(Nodes.ToList().FindIndex(n => foldedIds.Contains(n.Id)), fold);
        var edges = Edges.Select(e => new LineageEdge(Map(e.From), Map(e.To))).Distinct().ToList();
        return this with { Nodes = nodes, Edges = edges };
    }
}

/// <summary>A training dataset as the inventory knows it: every version trained on a dataset of that name.</summary>
public sealed record DatasetSummary(string Name, int Versions, int Models, int InProduction, DateOnly? LatestSnapshot);

/// <summary>One version trained on a dataset, with the snapshot it used.</summary>
public sealed record DatasetVersion(
    int ModelId, string ModelName, int Version, VersionStage Stage, ProductionRole Role,
    string? Uri, string? Sha256, long? Rows, DateOnly? SnapshotDate, DateTime CreatedAt, string CreatedBy);

public sealed record DatasetUsage(string Name, IReadOnlyList<DatasetVersion> Versions);
