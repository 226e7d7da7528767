using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>Baselines and evaluations for pipelines: CSV bodies in, results out.</summary>
public static class EvaluationsApi
{
    public sealed record EvaluationPage(IReadOnlyList<EvaluationResult> Items, int TotalCount, int Page, int PageSize);

    public static IEndpointRouteBuilder MapEvaluationsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limit = new RequestSizeLimitAttribute(app.ServiceProvider.GetRequiredService<IOptions<EvaluationOptions>>().Value.MaxUploadBytes);
        var models = app.MapGroup("/api/models/{modelId:int}").WithTags("Evaluations");
        models.MapPost("/versions/{version:int}/baseline", UploadBaseline).WithName("UploadBaseline")
            .WithSummary("Upload a training or validation sample (text/csv) as the version's baseline; drift is measured against it.")
            .Accepts<string>("text/csv", "application/vnd.apache.parquet", "application/octet-stream").WithMetadata(limit).RequireAuthorization(Policies.RegisterModels);
        models.MapPost("/evaluations", Evaluate).WithName("UploadEvaluation")
            .WithSummary("Evaluate a scoring batch (CSV or Parquet: score, optional challenger_score and label, features, sensitive attributes).")
            .Accepts<string>("text/csv", "application/vnd.apache.parquet", "application/octet-stream").WithMetadata(limit).RequireAuthorization(Policies.RegisterModels);
        models.MapGet("/evaluations/summary-query", SummaryQueryText).WithName("GetSummaryQuery")
            .WithSummary("The SQL that reduces a scoring batch, where it lives, to its sufficient statistics: one statement for dialect spark, tsql, postgres, duckdb or sqlite over the table or view named by source (columns as in a row upload), at precision decimals (0-6, default 4). text/plain, or {\"sql\": ...} with Accept: application/json. Upload its result set as CSV to POST .../evaluations/summary.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").Produces<SummaryQueryResult>(StatusCodes.Status200OK, "application/json")
            .AddOpenApiOperationTransformer((operation, context, _) =>
            {
                // Checked by the service with a message naming the choices; the document says so too.
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.Name == "dialect")
                    {
                        parameter.Required = true;
                        context.Document?.AddComponent(nameof(SummaryDialect), new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Description = "The SQL engine the summary query is written for.",
                            Enum = [.. Enum.GetNames<SummaryDialect>().Select(n => (JsonNode)n.ToLowerInvariant())],
                        });
                        parameter.Schema = new OpenApiSchemaReference(nameof(SummaryDialect), context.Document);
                    }
                    else if (parameter.Name == "source")
                    {
                        parameter.Required = true;
                        parameter.Description = "The table or view: letters, digits and underscores, optionally schema-qualified (schema.table).";
                        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}$" };
                    }
                }

                return Task.CompletedTask;
            })
            .RequireAuthorization(Policies.RegisterModels);
        models.MapPost("/evaluations/summary", EvaluateSummary).WithName("UploadEvaluationSummary")
            .WithSummary("Evaluate a batch from the summary query's result set (text/csv with a header row): stored exactly as a row upload of the same rows, with the same metrics, comparison, fairness, drift, alerts and audit event. Scores and numeric features are taken at precision decimals, which must be the query's.")
            .Accepts<string>("text/csv").WithMetadata(limit).RequireAuthorization(Policies.RegisterModels);
        models.MapGet("/evaluations", List).WithName("ListEvaluations")
            .WithSummary("A model's evaluations, newest first, paged.").RequireAuthorization(Policies.ReadPortfolio);
        models.MapGet("/comparison", Compare).WithName("CompareVersions")
            .WithSummary("Champion (default: the current one) against a challenger on the batches where both were scored: metrics side by side, the paired DeLong test and its verdict at alpha (default 0.05), curves, trend and metadata.")
            .RequireAuthorization(Policies.ReadPortfolio);
        models.MapGet("/fairness", Fairness).WithName("GetFairness")
            .WithSummary("The latest evaluation's fairness per sensitive attribute (group rates with 95% intervals, spreads, status) and each attribute's trend: of the version each batch monitored, or with version=N of that version's own scores, as monitored version or challenger.")
            .RequireAuthorization(Policies.ReadPortfolio);
        models.MapGet("/evaluations/{evaluationId:int}", GetOfModel).WithName("GetModelEvaluation")
            .WithSummary("One of the model's evaluations with its metrics, drift, comparison, fairness of both versions and chart curves.").RequireAuthorization(Policies.ReadPortfolio);
        app.MapGet("/api/evaluations/{id:int}", Get).WithTags("Evaluations").WithName("GetEvaluation")
            .WithSummary("One evaluation with its metrics, drift, comparison, fairness of both versions and chart curves.").RequireAuthorization(Policies.ReadPortfolio);
        return app;
    }

    public static async Task<Results<Created<BaselineSummary>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> UploadBaseline(
        int modelId, int version, HttpRequest request, UploadBaseline upload, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var baseline = await upload.UploadBaselineAsync(modelId, version, request.Body, Actor.Of(user), ct);
            return baseline is null
                ? ApiResults.VersionNotFound(modelId, version)
                : TypedResults.Created($"/api/models/{modelId}/versions/{version}/baseline", baseline);
        }
        catch (InputRejectedException e)
        {
            return Refused(e);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(request);
        }
    }

    public static async Task<Results<Created<EvaluationResult>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> Evaluate(
        int modelId, int version, int? challenger, DateOnly? periodStart, DateOnly? periodEnd, string? name,
        HttpRequest request, UploadEvaluation upload, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var result = await upload.EvaluateAsync(modelId, new EvaluationRequest(version, challenger, periodStart, periodEnd, name), request.Body, Actor.Of(user), ct);
            return result is null ? ApiResults.ModelNotFound(modelId) : TypedResults.Created($"/api/evaluations/{result.Id}", result);
        }
        catch (InputRejectedException e)
        {
            return Refused(e);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(request);
        }
    }

    /// <summary>The summary query as JSON.</summary>
    public sealed record SummaryQueryResult(string Sql);

    public static async Task<Results<ContentHttpResult, Ok<SummaryQueryResult>, NotFound<ProblemDetails>>> SummaryQueryText(
        int modelId, int version, int? challenger, string? dialect, string? source, int? precision, HttpRequest request, UploadEvaluation upload, CancellationToken ct)
    {
        var sql = await upload.SummaryQueryAsync(modelId, version, challenger, dialect, source, precision, ct);
        if (sql is null)
        {
            return ApiResults.ModelNotFound(modelId);
        }

        return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            ? TypedResults.Ok(new SummaryQueryResult(sql))
            : TypedResults.Text(sql, "text/plain; charset=utf-8");
    }

    public static async Task<Results<Created<EvaluationResult>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> EvaluateSummary(
        int modelId, int version, int? challenger, int? precision, DateOnly? periodStart, DateOnly? periodEnd, string? name,
        HttpRequest request, UploadEvaluation upload, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var result = await upload.EvaluateSummaryAsync(modelId, new EvaluationRequest(version, challenger, periodStart, periodEnd, name), precision, request.Body, Actor.Of(user), ct);
            return result is null ? ApiResults.ModelNotFound(modelId) : TypedResults.Created($"/api/evaluations/{result.Id}", result);
        }
        catch (InputRejectedException e)
        {
            return Refused(e);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(request);
        }
    }

    public static async Task<Results<Ok<EvaluationPage>, NotFound<ProblemDetails>>> List(int modelId, int? page, int? pageSize, EvaluationQueries evaluations, CancellationToken ct)
    {
        var (p, size) = (page ?? 1, pageSize ?? 25);
        var result = await evaluations.ListAsync(modelId, p, size, ct);
        return result is { } found ? TypedResults.Ok(new EvaluationPage(found.Items, found.Total, p, size)) : ApiResults.ModelNotFound(modelId);
    }

    public static async Task<Results<Ok<EvaluationResult>, NotFound<ProblemDetails>>> Get(int id, EvaluationQueries evaluations, CancellationToken ct) =>
        await evaluations.GetAsync(id, ct) is { } evaluation
            ? TypedResults.Ok(evaluation)
            : ApiResults.NotFound("Evaluation not found", string.Create(CultureInfo.InvariantCulture, $"There is no evaluation with id {id}."));

    public static async Task<Results<Ok<EvaluationResult>, NotFound<ProblemDetails>>> GetOfModel(int modelId, int evaluationId, EvaluationQueries evaluations, CancellationToken ct) =>
        await evaluations.GetAsync(evaluationId, ct) is { } evaluation && evaluation.ModelId == modelId
            ? TypedResults.Ok(evaluation)
            : ApiResults.NotFound("Evaluation not found", string.Create(CultureInfo.InvariantCulture, $"Model {modelId} has no evaluation with id {evaluationId}."));

    public static async Task<Results<Ok<ModelFairness>, NotFound<ProblemDetails>>> Fairness(int modelId, int? version, EvaluationQueries evaluations, CancellationToken ct) =>
        await evaluations.FairnessAsync(modelId, version, ct: ct) is { } fairness ? TypedResults.Ok(fairness)
        : version is int v ? ApiResults.VersionNotFound(modelId, v) : ApiResults.ModelNotFound(modelId);

    public static async Task<Results<Ok<ModelComparison>, ValidationProblem, NotFound<ProblemDetails>>> Compare(
        int modelId, int? champion, int? challenger, double? alpha, ComparisonService comparisons, CancellationToken ct)
    {
        if (challenger is not int c)
        {
            return ApiResults.Invalid(InputRejectedException.For("challenger", EvaluationMessages.ChallengerRequired));
        }

        return await comparisons.CompareAsync(modelId, champion, c, alpha ?? 0.05, ct) is { } comparison
            ? TypedResults.Ok(comparison)
            : ApiResults.NotFound("Version not found", string.Create(CultureInfo.InvariantCulture,
                $"Model {modelId} does not exist, or lacks version {champion?.ToString(CultureInfo.InvariantCulture) ?? "(its champion)"} or {c}."));
    }

    private static ValidationProblem Refused(InputRejectedException e) =>
        TypedResults.ValidationProblem(e.Errors, title: "The upload was refused", detail: "Nothing was stored. Fix what 'errors' names and send it again.");

    private static ProblemHttpResult TooLarge(HttpRequest request)
    {
        var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<EvaluationOptions>>().Value.MaxUploadBytes;
        return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The upload is too large",
            detail: string.Create(CultureInfo.InvariantCulture, $"The body is larger than the limit of {limit} bytes (setting Evaluations:MaxUploadBytes). Nothing was stored; split the batch or ask an administrator to raise the limit."));
    }
}
