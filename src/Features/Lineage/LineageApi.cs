using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Features.Lineage;

/// <summary>Lineage of a version, and the datasets versions were trained on.</summary>
public static class LineageApi
{
    public static IEndpointRouteBuilder MapLineageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/models/{modelId:int}/versions/{version:int}/lineage", Version).WithTags("Lineage").WithName("GetVersionLineage")
            .WithSummary("The version's lineage as nodes (dataset, code, parent version, version, baseline, evaluations, requests with approvers, deployments, retirement), each with its portal page, and edges from input to outcome.")
            .RequireAuthorization(Policies.ReadPortfolio);

        var datasets = app.MapGroup("/api/datasets").WithTags("Lineage").RequireAuthorization(Policies.ReadPortfolio);
        datasets.MapGet("/", List).WithName("ListDatasets")
            .WithSummary("Training datasets by name with the number of versions and models trained on each, how many of those versions are in production, and the latest snapshot; search, page, pageSize.");
        datasets.MapGet("/{**name}", Get).WithName("GetDataset")
            .WithSummary("Every version trained on the dataset of that name (URL-encoded; slashes allowed), with the snapshot, hash and rows each used.");
        return app;
    }

    public sealed record DatasetPage(IReadOnlyList<DatasetSummary> Items, int Total, int Page, int PageSize);

    public static async Task<Results<Ok<VersionLineage>, NotFound<ProblemDetails>>> Version(int modelId, int version, LineageService lineage, CancellationToken ct) =>
        await lineage.VersionAsync(modelId, version, ct) is { } found
            ? TypedResults.Ok(found)
            : ApiResults.VersionNotFound(modelId, version);

    public static async Task<Ok<DatasetPage>> List(LineageService lineage, string? search, int? page, int? pageSize, CancellationToken ct)
    {
        var p = Math.Max(1, page ?? 1);
        var size = Math.Clamp(pageSize ?? 50, 1, 200);
        var (items, total) = await lineage.DatasetsAsync(search, p, size, ct);
        return TypedResults.Ok(new DatasetPage(items, total, p, size));
    }

    public static async Task<Results<Ok<DatasetUsage>, NotFound<ProblemDetails>>> Get(string name, LineageService lineage, CancellationToken ct) =>
        await lineage.DatasetAsync(name, ct) is { } found
            ? TypedResults.Ok(found)
            : ApiResults.NotFound("Dataset not found", $"No version was trained on a dataset named '{name}'. List datasets with GET /api/datasets.");
}
