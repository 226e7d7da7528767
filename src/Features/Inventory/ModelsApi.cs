using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Web;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>The inventory's REST API, called by training pipelines and the CSV export.</summary>
public static class ModelsApi
{
    /// <summary><c>kpi</c> and <c>quarter</c> are read as text to name a wrong one; the document lists what they take.</summary>
    private static Task DescribeKpiFilter(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter is { Name: "kpi", Schema: OpenApiSchema set })
            {
                set.Enum = EnumWireNames.AsOpenApiEnum(EnumWireNames.Of(typeof(KpiSet)));
                parameter.Description = "The models behind a KPI figure; registered, promoted and retired need a quarter.";
            }
            else if (parameter is { Name: "quarter", Schema: OpenApiSchema quarter })
            {
                quarter.Pattern = "^[0-9]{4}Q[1-4]$";
                parameter.Description = "A calendar quarter, written like 2026Q3.";
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The model's concurrency stamp is its ETag (GET and PUT); PUT takes it back as If-Match and answers 412 when stale.</summary>
    private static Task DescribeConcurrency(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.Responses?.GetValueOrDefault("200") is OpenApiResponse ok)
        {
            ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
            ok.Headers["ETag"] = ApiContract.Header("The model's version; send it back as If-Match on PUT to refuse a lost update.");
        }

        if (context.Description.HttpMethod == "PUT")
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = false,
                Description = "The ETag from GET; the change is refused with 412 when the model changed since.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            if (operation.Responses?.GetValueOrDefault("412") is OpenApiResponse stale)
            {
                stale.Description = "If-Match names an older version of the model: read it again and reapply the change.";
            }
        }

        return Task.CompletedTask;
    }

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");

        api.MapGet("/", ListModels).WithName("ListModels")
            .WithSummary("List models, paged, with the inventory grid's filters and sort.").RequireAuthorization(Policies.ReadPortfolio)
            .AddOpenApiOperationTransformer(DescribeKpiFilter);
        api.MapGet("/export.csv", ExportModels).WithName("ExportModels")
            .WithSummary("Export every model matching the filters as CSV (UTC ISO dates, invariant numbers).").RequireAuthorization(Policies.ReadPortfolio)
            .AddOpenApiOperationTransformer(DescribeKpiFilter);
        api.MapPost("/", RegisterModel).WithName("RegisterModel")
            .WithSummary("Register a model; 409 when the name is taken.").RequireAuthorization(Policies.RegisterModels);
        api.MapGet("/{modelId:int}", GetModel).WithName("GetModel")
            .WithSummary("A model with its versions, champion and deployments.").RequireAuthorization(Policies.ReadPortfolio)
            .AddOpenApiOperationTransformer(DescribeConcurrency);
        api.MapGet("/by-name", GetModelByName).WithName("GetModelByName")
            .WithSummary("The model named exactly so (names are unique without regard to case), as GET /api/models/{modelId} answers. Every model path also takes the name in place of the id as /api/models/by-name/{name}/… (for example …/by-name/Retail%20PD/versions/champion).")
            .RequireAuthorization(Policies.ReadPortfolio).AddOpenApiOperationTransformer(DescribeConcurrency);
        api.MapPut("/{modelId:int}", UpdateModel).WithName("UpdateModel")
            .WithSummary("Replace a model's inventory fields. Send If-Match with the ETag from GET to refuse a lost update (412). Changing the owner, developers, risk tier or sensitive attributes needs the owner or a validator (403), and nobody takes their own name off the developers.").RequireAuthorization(Policies.RegisterModels)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).AddOpenApiOperationTransformer(DescribeConcurrency);
        api.MapPut("/{modelId:int}/sensitive-attributes", SetSensitiveAttributes).WithName("SetSensitiveAttributes")
            .WithSummary("Replace the model's sensitive attributes (fairness is computed for these columns); its owner or a validator only (403 otherwise).")
            .RequireAuthorization(Policies.ReadPortfolio);
        api.MapPost("/{modelId:int}/versions", RegisterVersion).WithName("RegisterVersion")
            .WithSummary("Register a version; the portal assigns and returns its number.").RequireAuthorization(Policies.RegisterModels);
        api.MapGet("/{modelId:int}/versions/{version:int}", GetVersion).WithName("GetVersion")
            .WithSummary("One version of a model with its dataset, features, hyperparameters and deployments.").RequireAuthorization(Policies.ReadPortfolio);
        api.MapGet("/{modelId:int}/versions/champion", GetChampion).WithName("GetChampionVersion")
            .WithSummary("The model's champion with its artifact URI and SHA-256, what a deployment pipeline needs in one call; 404 when it has none. In every other version path 'champion' also stands for its number.")
            .RequireAuthorization(Policies.ReadPortfolio);
        api.MapGet("/{modelId:int}/versions/latest", GetLatest).WithName("GetLatestVersion")
            .WithSummary("The newest registered version. In every other version path 'latest' also stands for its number.")
            .RequireAuthorization(Policies.ReadPortfolio);
        api.MapGet("/{modelId:int}/versions/challengers", ListChallengers).WithName("ListChallengers")
            .WithSummary("The model's challengers (in production beside the champion), by number; empty when it has none.")
            .RequireAuthorization(Policies.ReadPortfolio);
        api.MapPost("/{modelId:int}/versions/{version:int}/metrics", RecordTrainingMetrics).WithName("RecordTrainingMetrics")
            .WithSummary("Record figures measured at training time (name, split: train, validation, test or out-of-time, value), shown beside the monitoring figures. Each metric and split is recorded once: the same value again changes nothing, another is refused with 409.")
            .RequireAuthorization(Policies.RegisterModels);
        api.MapPut("/{modelId:int}/versions/{version:int}/tags", SetVersionTags).WithName("SetVersionTags")
            .WithSummary("Replace a version's tags (keys of letters, digits and _ . - : /; values up to 256 characters); audited. The version's artifact, data and code stay as registered.")
            .RequireAuthorization(Policies.RegisterModels);
        api.MapPost("/{modelId:int}/versions/{version:int}/deployments", RecordDeployment).WithName("RecordDeployment")
            .WithSummary("Record that a version in production went live: target (RestEndpoint, InDatabase, Batch, Streaming, EdgeDevice), environment, endpoint, deployedAt (UTC, default now). 409 when the version is not in production.")
            .RequireAuthorization(Policies.RegisterModels);
        app.MapPost("/api/deployments/{deploymentId:int}/remove", RemoveDeployment).WithTags("Models").WithName("RemoveDeployment")
            .WithSummary("Record that a live deployment was taken down now. 409 when it was already removed (names by whom).")
            .RequireAuthorization(Policies.RegisterModels);
        return app;
    }

    public static async Task<Results<Ok<PagedResult<ModelSummary>>, ValidationProblem>> ListModels(
        [AsParameters] InventoryQueryParameters parameters, PortfolioQueries portfolio, CancellationToken ct)
    {
        return TypedResults.Ok(await portfolio.QueryModelsAsync(parameters.ToQuery(), ct));
    }

    public static async Task ExportModels([AsParameters] InventoryQueryParameters parameters, PortfolioQueries portfolio, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        InventoryQuery query;
        try
        {
            query = parameters.ToQuery();
        }
        catch (InputRejectedException e)
        {
            await ApiResults.Invalid(e).ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"model-inventory-{clock.GetUtcNow():yyyyMMdd}.csv\"";
        await InventoryCsv.WriteAsync(portfolio.StreamModelsAsync(query with { Page = 1 }, ct), http.Response.BodyWriter.AsStream(), ct);
    }

    public static async Task<Results<Created<ModelDetails>, ValidationProblem, Conflict<ProblemDetails>>> RegisterModel(
        ModelInput input, RegisterModel registration, ClaimsPrincipal user, CancellationToken ct)
    {
        var model = await registration.RegisterModelAsync(input, Actor.Of(user), ct);
        return TypedResults.Created($"/api/models/{model.Id}", model);
    }

    public static async Task<Results<Ok<ModelDetails>, NotFound<ProblemDetails>>> GetModel(int modelId, InventoryQueries inventory, HttpContext http, CancellationToken ct)
    {
        var model = await inventory.GetModelAsync(modelId, ct);
        if (model is null)
        {
            return ApiResults.ModelNotFound(modelId);
        }

        http.Response.Headers.ETag = ETag(model.ConcurrencyStamp);
        return TypedResults.Ok(model);
    }

    public static async Task<Results<Ok<ModelDetails>, NotFound<ProblemDetails>>> GetModelByName([FromQuery] string name, InventoryQueries inventory, HttpContext http, CancellationToken ct) =>
        await inventory.ModelIdByNameAsync(name, ct) is int id
            ? await GetModel(id, inventory, http, ct)
            : ApiResults.NotFound("Model not found", $"There is no model named '{name}'. List models with GET /api/models?name=….");

    public static async Task<Results<Ok<ModelDetails>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ProblemHttpResult>> UpdateModel(
        int modelId, ModelInput input, EditModel editing, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        Guid? expected = null;
        if (http.Request.Headers.IfMatch is { Count: > 0 } ifMatch && ifMatch.ToString() != "*")
        {
            if (!Guid.TryParse(ifMatch.ToString().Trim('"', ' ').Replace("W/", "", StringComparison.Ordinal).Trim('"'), out var stamp))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid If-Match header",
                    detail: "If-Match must be the ETag returned by GET /api/models/{modelId}, in quotes.");
            }

            expected = stamp;
        }

        try
        {
            var model = await editing.UpdateModelAsync(modelId, input, expected, Actor.Of(user), ct);
            if (model is null)
            {
                return ApiResults.ModelNotFound(modelId);
            }

            http.Response.Headers.ETag = ETag(model.ConcurrencyStamp);
            return TypedResults.Ok(model);
        }
        catch (ConflictException e) when (expected is not null && e.Kind == ConflictKind.StaleEdit)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: e.Title, detail: e.Message);
        }
    }

    public sealed record SensitiveAttributesInput(IReadOnlyList<string>? Attributes);

    public static async Task<Results<Ok<SensitiveAttributesInput>, ValidationProblem, NotFound<ProblemDetails>, ProblemHttpResult>> SetSensitiveAttributes(
        int modelId, SensitiveAttributesInput input, SetSensitiveAttributes setter, ClaimsPrincipal user, CancellationToken ct)
    {
        var stored = await setter.SetSensitiveAttributesAsync(modelId, input.Attributes, Actor.Of(user), user.IsInRole(PortalRoles.Validator), ct);
        return stored is null ? ApiResults.ModelNotFound(modelId) : TypedResults.Ok(new SensitiveAttributesInput(stored));
    }

    public static async Task<Results<Created<VersionDetails>, ValidationProblem, NotFound<ProblemDetails>>> RegisterVersion(
        int modelId, VersionInput input, RegisterVersion registration, ClaimsPrincipal user, CancellationToken ct)
    {
        var version = await registration.RegisterVersionAsync(modelId, input, Actor.Of(user), ct);
        return version is null
            ? ApiResults.ModelNotFound(modelId)
            : TypedResults.Created($"/api/models/{modelId}/versions/{version.Number}", version);
    }

    public static async Task<Results<Created<IReadOnlyList<TrainingMetricDetails>>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> RecordTrainingMetrics(
        int modelId, int version, TrainingMetricsInput input, RecordTrainingMetrics recorder, ClaimsPrincipal user, CancellationToken ct) =>
        await recorder.RecordAsync(modelId, version, input, Actor.Of(user), ct) is { } metrics
            ? TypedResults.Created($"/api/models/{modelId}/versions/{version}", metrics)
            : ApiResults.VersionNotFound(modelId, version);

    public static async Task<Results<Ok<VersionTagsInput>, ValidationProblem, NotFound<ProblemDetails>>> SetVersionTags(
        int modelId, int version, VersionTagsInput input, SetVersionTags setter, ClaimsPrincipal user, CancellationToken ct) =>
        await setter.SetAsync(modelId, version, input, Actor.Of(user), ct) is { } tags
            ? TypedResults.Ok(new VersionTagsInput(tags))
            : ApiResults.VersionNotFound(modelId, version);

    public static async Task<Results<Created<DeploymentDetails>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> RecordDeployment(
        int modelId, int version, DeploymentInput input, DeploymentService deployments, ClaimsPrincipal user, CancellationToken ct)
    {
        var deployment = await deployments.RecordAsync(modelId, version, input, Actor.Of(user), ct);
        return deployment is null
            ? ApiResults.VersionNotFound(modelId, version)
            : TypedResults.Created($"/api/models/{modelId}/versions/{version}", deployment);
    }

    public static async Task<Results<Ok<DeploymentDetails>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> RemoveDeployment(
        int deploymentId, DeploymentService deployments, ClaimsPrincipal user, CancellationToken ct)
    {
        var deployment = await deployments.RemoveAsync(deploymentId, Actor.Of(user), ct);
        return deployment is null
            ? ApiResults.NotFound("Deployment not found", string.Create(CultureInfo.InvariantCulture, $"There is no deployment {deploymentId}."))
            : TypedResults.Ok(deployment);
    }

    public static async Task<Results<Ok<VersionDetails>, NotFound<ProblemDetails>>> GetVersion(int modelId, int version, InventoryQueries inventory, CancellationToken ct)
    {
        var details = await inventory.GetVersionAsync(modelId, version, ct);
        return details is null
            ? ApiResults.VersionNotFound(modelId, version)
            : TypedResults.Ok(details);
    }

    public static Task<Results<Ok<VersionDetails>, NotFound<ProblemDetails>>> GetChampion(int modelId, InventoryQueries inventory, CancellationToken ct) =>
        GetAliased(modelId, VersionAlias.Champion, inventory, ct);

    public static Task<Results<Ok<VersionDetails>, NotFound<ProblemDetails>>> GetLatest(int modelId, InventoryQueries inventory, CancellationToken ct) =>
        GetAliased(modelId, VersionAlias.Latest, inventory, ct);

    public static async Task<Results<Ok<IReadOnlyList<VersionDetails>>, NotFound<ProblemDetails>>> ListChallengers(int modelId, InventoryQueries inventory, CancellationToken ct) =>
        await inventory.ChallengersAsync(modelId, ct) is { } challengers ? TypedResults.Ok(challengers) : ApiResults.ModelNotFound(modelId);

    private static async Task<Results<Ok<VersionDetails>, NotFound<ProblemDetails>>> GetAliased(int modelId, VersionAlias alias, InventoryQueries inventory, CancellationToken ct) =>
        await inventory.VersionNumberAsync(modelId, alias, ct) is int number && await inventory.GetVersionAsync(modelId, number, ct) is { } details
            ? TypedResults.Ok(details)
            : ApiResults.NotFound("Version not found", VersionAliases.NoSuchVersion(modelId, alias));

    private static string ETag(Guid stamp) => $"\"{stamp}\"";
}

/// <summary>Query-string form of <see cref="InventoryQuery"/>.</summary>
public sealed record InventoryQueryParameters(
    string? Name,
    VersionStage? Stage,
    RiskTier? RiskTier,
    string? BusinessUnit,
    string? Owner,
    ModelLanguage? Language,
    ModelType? ModelType,
    bool? RetrainingRecommended,
    InventorySort? Sort,
    bool? Descending,
    int? Page,
    int? PageSize,
    string? Kpi,
    string? Quarter)
{
    /// <exception cref="InputRejectedException">An unknown KPI set or a quarter not written like 2026Q3.</exception>
    public InventoryQuery ToQuery() => new()
    {
        Kpi = KpiQuery.Set(Kpi),
        Quarter = KpiQuery.Quarter(Quarter),
        Name = Name,
        Stage = Stage,
        RiskTier = RiskTier,
        BusinessUnit = BusinessUnit,
        Owner = Owner,
        Language = Language,
        ModelType = ModelType,
        RetrainingRecommended = RetrainingRecommended,
        Sort = Sort ?? InventorySort.Name,
        Descending = Descending ?? false,
        Page = Page ?? 1,
        PageSize = PageSize ?? 25,
    };
}
