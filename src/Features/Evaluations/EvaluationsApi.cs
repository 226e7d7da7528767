using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>Baselines and evaluations for pipelines: CSV bodies in, results out.</summary>
public static class EvaluationsApi
{
    /// <summary>Uploads may be large (a million rows is about 80 MB); beyond this the portal answers 413.</summary>
    public const long MaxUploadBytes = 1L << 30;

    public sealed record EvaluationPage(IReadOnlyList<EvaluationResult> Items, int TotalCount, int Page, int PageSize);

    public static IEndpointRouteBuilder MapEvaluationsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models/{modelId:int}").WithTags("Evaluations");
        models.MapPost("/versions/{version:int}/baseline", UploadBaseline).WithName("UploadBaseline")
            .WithSummary("Upload a training or validation sample (text/csv) as the version's baseline; drift is measured against it.")
            .Accepts<string>("text/csv").WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes)).RequireAuthorization(Policies.RegisterModels);
        models.MapPost("/evaluations", Evaluate).WithName("UploadEvaluation")
            .WithSummary("Evaluate a scoring batch (text/csv: score, optional challenger_score and label, features, sensitive attributes).")
            .Accepts<string>("text/csv").WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes)).RequireAuthorization(Policies.RegisterModels);
        models.MapGet("/evaluations", List).WithName("ListEvaluations")
            .WithSummary("A model's evaluations, newest first, paged.").RequireAuthorization(Policies.ReadPortfolio);
        app.MapGet("/api/evaluations/{id:int}", Get).WithTags("Evaluations").WithName("GetEvaluation")
            .WithSummary("One evaluation with its metrics, drift, comparison and fairness.").RequireAuthorization(Policies.ReadPortfolio);
        return app;
    }

    public static async Task<Results<Created<BaselineSummary>, ValidationProblem, NotFound<ProblemDetails>>> UploadBaseline(
        int modelId, int version, HttpRequest request, EvaluationService evaluations, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var baseline = await evaluations.UploadBaselineAsync(modelId, version, request.Body, ActorName.Of(user), ct);
            return baseline is null
                ? NotFound($"Model {modelId} has no version {version}, or the model does not exist.")
                : TypedResults.Created($"/api/models/{modelId}/versions/{version}/baseline", baseline);
        }
        catch (InputRejectedException e)
        {
            return Invalid(e);
        }
    }

    public static async Task<Results<Created<EvaluationResult>, ValidationProblem, NotFound<ProblemDetails>>> Evaluate(
        int modelId, int version, int? challenger, DateOnly? periodStart, DateOnly? periodEnd, string? name,
        HttpRequest request, EvaluationService evaluations, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var result = await evaluations.EvaluateAsync(modelId, new EvaluationRequest(version, challenger, periodStart, periodEnd, name), request.Body, ActorName.Of(user), ct);
            return result is null
                ? NotFound($"There is no model with id {modelId}.")
                : TypedResults.Created($"/api/evaluations/{result.Id}", result);
        }
        catch (InputRejectedException e)
        {
            return Invalid(e);
        }
    }

    public static async Task<Results<Ok<EvaluationPage>, NotFound<ProblemDetails>>> List(int modelId, int? page, int? pageSize, EvaluationService evaluations, CancellationToken ct)
    {
        var (p, size) = (page ?? 1, pageSize ?? 25);
        var result = await evaluations.ListAsync(modelId, p, size, ct);
        return result is { } found ? TypedResults.Ok(new EvaluationPage(found.Items, found.Total, p, size)) : NotFound($"There is no model with id {modelId}.");
    }

    public static async Task<Results<Ok<EvaluationResult>, NotFound<ProblemDetails>>> Get(int id, EvaluationService evaluations, CancellationToken ct) =>
        await evaluations.GetAsync(id, ct) is { } evaluation
            ? TypedResults.Ok(evaluation)
            : NotFound(string.Create(CultureInfo.InvariantCulture, $"There is no evaluation with id {id}."));

    private static ValidationProblem Invalid(InputRejectedException e) =>
        TypedResults.ValidationProblem(e.Errors, title: "The upload was refused", detail: "Nothing was stored. Fix what 'errors' names and send it again.");

    private static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found", Detail = detail });
}
