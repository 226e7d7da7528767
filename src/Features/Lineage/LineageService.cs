using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Features.Lineage.Engine;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lineage;

/// <summary>
/// Lineage: what a version was built from and everything that happened to it, assembled from the inventory, the
/// evaluations and the lifecycle (each read through its own service); and the datasets view over the versions.
/// </summary>
public sealed class LineageService(
    IDbContextFactory<PortalDbContext> dbFactory, InventoryQueries inventory, EvaluationQueries evaluations, RequestQueries requestQueries, ChampionHistory champions)
{
    /// <summary>The version's lineage, or null when the model has no such version.</summary>
    public async Task<VersionLineage?> VersionAsync(int modelId, int number, CancellationToken ct = default)
    {
        var version = await inventory.GetVersionAsync(modelId, number, ct);
        if (version is null)
        {
            return null;
        }

        var baseline = await evaluations.BaselineAsync(modelId, number, ct);
        var scored = await evaluations.ForVersionAsync(modelId, number, ct);
        var requests = await requestQueries.AllOfVersionAsync(modelId, number, ct);
        var history = await champions.HistoryAsync(modelId, number, ct);

        var nodes = new List<LineageNode>();
        var edges = new List<LineageEdge>();
        var versionId = VersionNode(number);
        var versionPage = $"/models/{modelId}/versions/{number}";

        var dataset = version.TrainingDataset;
        nodes.Add(new LineageNode("dataset", LineageStep.Dataset, dataset.Name, Short(dataset.Sha256) ?? dataset.Uri, DatasetAddress.Href(dataset.Name),
            dataset.SnapshotDate?.ToDateTime(TimeOnly.MinValue)) { Count = dataset.Rows });
        edges.Add(new LineageEdge("dataset", versionId));
        if (!string.IsNullOrWhiteSpace(version.CodeRepository))
        {
            nodes.Add(new LineageNode("code", LineageStep.Code, version.CodeRepository, Short(version.CodeCommit), RepositoryHref(version.CodeRepository)));
            edges.Add(new LineageEdge("code", versionId));
        }

        if (version.ParentVersion is int parent)
        {
            nodes.Add(new LineageNode(VersionNode(parent), LineageStep.ParentVersion, Label(parent), null, $"/models/{modelId}/versions/{parent}"));
            edges.Add(new LineageEdge(VersionNode(parent), versionId));
        }

        nodes.Add(new LineageNode(versionId, LineageStep.Version, Label(number), $"{version.Algorithm} · {version.Framework}", versionPage, version.CreatedAt, version.CreatedBy)
        {
            Stage = version.Stage,
            Role = version.ProductionRole,
        });

        if (baseline is not null)
        {
            nodes.Add(new LineageNode("baseline", LineageStep.Baseline, Label(number), null, versionPage + "#baseline", baseline.CreatedAt, baseline.CreatedBy)
            {
                Count = baseline.RowCount,
            });
            edges.Add(new LineageEdge(versionId, "baseline"));
        }

        foreach (var e in scored)
        {
            nodes.Add(new LineageNode(EvaluationNode(e.Id), LineageStep.Evaluation, e.Name, Period(e.PeriodStart, e.PeriodEnd),
                $"/models/{modelId}/evaluations/{e.Id}", e.CreatedAt, e.CreatedBy) { Count = e.RowCount });
            edges.Add(new LineageEdge(versionId, EvaluationNode(e.Id)));
        }

        var shown = scored.Select(e => EvaluationNode(e.Id)).ToHashSet(StringComparer.Ordinal);
        foreach (var r in requests.OrderBy(r => r.RequestedAt))
        {
            var id = RequestNode(r.Id);
            nodes.Add(new LineageNode(id, LineageStep.Request, $"#{r.Id.ToString(CultureInfo.InvariantCulture)}", r.ClosedAt?.ToString("O", CultureInfo.InvariantCulture),
                $"/requests/{r.Id}", r.RequestedAt, r.RequestedBy)
            {
                RequestKind = r.Kind,
                RequestStatus = r.Status,
                Approvers = [.. r.Decisions.Where(d => d.Kind == DecisionKind.Approve).Select(d => d.Decider)],
            });
            // What the request rested on: the evaluations its frozen evidence names, or else the version itself.
            var cited = new[] { r.Evidence?.Latest?.EvaluationId, r.Evidence?.Comparison?.EvaluationId }
                .OfType<int>().Select(EvaluationNode).Where(shown.Contains).Distinct().ToList();
            edges.AddRange(cited.Count > 0 ? cited.Select(c => new LineageEdge(c, id)) : [new LineageEdge(versionId, id)]);
        }

        foreach (var d in version.Deployments.OrderBy(d => d.DeployedAt))
        {
            var id = $"deployment-{d.Id.ToString(CultureInfo.InvariantCulture)}";
            nodes.Add(new LineageNode(id, LineageStep.Deployment, d.Environment, d.Endpoint, versionPage + "#deployments", d.DeployedAt, d.DeployedBy)
            {
                Live = d.RemovedAt is null,
            });
            // The approval it went out under: the latest approved request closed before the deployment.
            var approval = requests.Where(r => r.Status == RequestStatus.Approved && r.Kind != RequestKind.Retirement && r.ClosedAt <= d.DeployedAt)
                .OrderBy(r => r.ClosedAt).ThenBy(r => r.Id).LastOrDefault();
            edges.Add(new LineageEdge(approval is null ? versionId : RequestNode(approval.Id), id));
        }

        if (history.LastOrDefault(h => h.ToStage == VersionStage.Retired) is { } retired)
        {
            nodes.Add(new LineageNode("retirement", LineageStep.Retirement, Label(number), null,
                retired.RequestId is int rid ? $"/requests/{rid}" : versionPage, retired.ChangedAt, retired.ChangedBy));
            edges.Add(new LineageEdge(retired.RequestId is int by && requests.Any(r => r.Id == by) ? RequestNode(by) : versionId, "retirement"));
        }

        return new VersionLineage(modelId, version.ModelName, number, version.Stage, version.ProductionRole, nodes, edges);
    }

    /// <summary>Datasets by name (those containing <paramref name="search"/>), with how many versions and models use each, computed in the database.</summary>
    public async Task<(IReadOnlyList<DatasetSummary> Items, int Total)> DatasetsAsync(string? search, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var versions = db.Versions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePattern.Containing(search);
            versions = versions.Where(v => EF.Functions.Like(v.TrainingDataset.Name.ToUpper(), pattern.ToUpper(), LikePattern.Escape));
        }

        var groups = versions
            .Select(v => new { v.TrainingDataset.Name, v.ModelId, v.Stage, v.TrainingDataset.SnapshotDate })
            .GroupBy(v => v.Name);
        var total = await groups.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 200);
        var items = await groups.OrderBy(g => g.Key).Skip((Math.Max(1, page) - 1) * size).Take(size)
            .Select(g => new DatasetSummary(
                g.Key,
                g.Count(),
                g.Select(v => v.ModelId).Distinct().Count(),
                g.Count(v => v.Stage == VersionStage.Production),
                g.Max(v => v.SnapshotDate)))
            .ToListAsync(ct);
        return (items, total);
    }

    /// <summary>Every version trained on the dataset of that name, newest snapshot first; null when none is.</summary>
    public async Task<DatasetUsage?> DatasetAsync(string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Versions.AsNoTracking().Where(v => v.TrainingDataset.Name == name)
            .OrderByDescending(v => v.TrainingDataset.SnapshotDate).ThenBy(v => v.Model!.Name).ThenBy(v => v.Number)
            .Select(v => new DatasetVersion(v.ModelId, v.Model!.Name, v.Number, v.Stage, v.ProductionRole, v.TrainingDataset.Uri,
                v.TrainingDataset.Sha256, v.TrainingDataset.Rows, v.TrainingDataset.SnapshotDate, v.CreatedAt, v.CreatedBy))
            .ToListAsync(ct);
        return rows.Count == 0 ? null : new DatasetUsage(name, rows);
    }

    /// <summary>The portal page of a dataset (names may hold slashes and spaces).</summary>
    private static string VersionNode(int number) => $"version-{number.ToString(CultureInfo.InvariantCulture)}";

    private static string EvaluationNode(int id) => $"evaluation-{id.ToString(CultureInfo.InvariantCulture)}";

    private static string RequestNode(int id) => $"request-{id.ToString(CultureInfo.InvariantCulture)}";

    private static string Label(int number) => $"v{number.ToString(CultureInfo.InvariantCulture)}";

    private static string? Short(string? hash) => string.IsNullOrWhiteSpace(hash) ? null : hash.Length > 12 ? hash[..12] : hash;

    private static string? Period(DateOnly? start, DateOnly? end) => (start, end) switch
    {
        (null, null) => null,
        _ => $"{(start ?? end)!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{(end ?? start)!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
    };

    /// <summary>The repository itself when it is a web address; other forms (git@…, a path) are shown, not linked.</summary>
    private static string? RepositoryHref(string repository) =>
        Uri.TryCreate(repository, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.ToString() : null;
}
