using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>Threshold rules, alerts and deployments' operational figures.</summary>
public static class MonitoringApi
{
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models/{modelId:int}").WithTags("Monitoring");
        models.MapGet("/thresholds", GetRules).WithName("GetThresholds")
            .WithSummary("The model's threshold rules (its own, or the defaults when none were saved) and the metrics a rule may watch.")
            .RequireAuthorization(Policies.ReadPortfolio);
        models.MapPut("/thresholds", SaveRules).WithName("SaveThresholds")
            .WithSummary("Replace the model's threshold rules (Validators). An empty list returns the model to the defaults.")
            .RequireAuthorization(Policies.ManageMonitoring);
        models.MapGet("/webhook", GetWebhook).WithName("GetModelWebhook")
            .WithSummary("The model's own webhook (its address, who set it and when; never the secret); 404 when it has none.")
            .RequireAuthorization(Policies.RegisterModels);
        models.MapPut("/webhook", SetWebhook).WithName("SetModelWebhook")
            .WithSummary("Send the model's events (alert.raised, alert.escalated, request.created, request.approval-added, request.approved, request.rejected, version.stage-changed) to this address as well as to the administrator's webhook, signed with this secret (X-ModelOps-Signature: sha256=HMAC of \"{timestamp}.{body}\"). Replaces the model's webhook; audited without the secret.")
            .RequireAuthorization(Policies.RegisterModels);
        models.MapDelete("/webhook", RemoveWebhook).WithName("RemoveModelWebhook")
            .WithSummary("Stop sending the model's events to its own webhook; deliveries not yet sent are dropped. Audited.")
            .RequireAuthorization(Policies.RegisterModels);
        models.MapGet("/statistics", ListStatistics).WithName("ListDeploymentStatistics")
            .WithSummary("Operational figures reported by the model's deployments, oldest first.").RequireAuthorization(Policies.ReadPortfolio);

        var alerts = app.MapGroup("/api/alerts").WithTags("Monitoring");
        alerts.MapGet("/", ListAlerts).WithName("ListAlerts")
            .WithSummary("Alerts, most recently seen first; filter by status (Open, Acknowledged, Resolved), unresolved=true, modelId, kind.")
            .RequireAuthorization(Policies.ReadPortfolio);
        alerts.MapPost("/{id:int}/acknowledge", Acknowledge).WithName("AcknowledgeAlert")
            .WithSummary("Acknowledge an open alert with a comment (Validators).").RequireAuthorization(Policies.ManageMonitoring);
        alerts.MapPost("/{id:int}/resolve", Resolve).WithName("ResolveAlert")
            .WithSummary("Resolve an alert with a comment saying what was done (Validators).").RequireAuthorization(Policies.ManageMonitoring);

        app.MapPost("/api/deployments/{deploymentId:int}/stats", RecordStatistics).WithTags("Monitoring").WithName("RecordDeploymentStatistics")
            .WithSummary("Report a deployment's figures for a period: requests, errors, p50 and p95 latency; checked against the model's rules.")
            .RequireAuthorization(Policies.RegisterModels);
        return app;
    }

    public static async Task<Results<Ok<ModelWebhookView>, NotFound<ProblemDetails>>> GetWebhook(int modelId, ModelWebhooks webhooks, CancellationToken ct) =>
        await webhooks.GetAsync(modelId, ct) is { } hook ? TypedResults.Ok(hook) : NoWebhook(modelId);

    public static async Task<Results<Ok<ModelWebhookView>, ValidationProblem, NotFound<ProblemDetails>>> SetWebhook(
        int modelId, ModelWebhookInput input, ModelWebhooks webhooks, ClaimsPrincipal user, CancellationToken ct) =>
        await webhooks.SetAsync(modelId, input, Actor.Of(user), ct) is { } hook ? TypedResults.Ok(hook) : ApiResults.ModelNotFound(modelId);

    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> RemoveWebhook(int modelId, ModelWebhooks webhooks, ClaimsPrincipal user, CancellationToken ct) =>
        await webhooks.RemoveAsync(modelId, Actor.Of(user), ct) ? TypedResults.NoContent() : NoWebhook(modelId);

    private static NotFound<ProblemDetails> NoWebhook(int modelId) =>
        ApiResults.NotFound("Webhook not found", MonitoringMessages.Format(MonitoringMessages.NoModelWebhook, modelId));

    public static async Task<Results<Ok<ModelRules>, NotFound<ProblemDetails>>> GetRules(int modelId, AlertRules rules, CancellationToken ct) =>
        await rules.RulesAsync(modelId, ct) is { } found ? TypedResults.Ok(found) : ApiResults.ModelNotFound(modelId);

    public static async Task<Results<Ok<ModelRules>, ValidationProblem, NotFound<ProblemDetails>>> SaveRules(
        int modelId, RulesInput input, AlertRules rules, ClaimsPrincipal user, CancellationToken ct)
    {
        return await rules.SaveRulesAsync(modelId, input, Actor.Of(user), ct) is { } saved ? TypedResults.Ok(saved) : ApiResults.ModelNotFound(modelId);
    }

    public static async Task<Ok<AlertPage>> ListAlerts(
        AlertStatus? status, bool? unresolved, int? modelId, AlertKind? kind, int? page, int? pageSize, AlertQueries alerts, CancellationToken ct) =>
        TypedResults.Ok(await alerts.AlertsAsync(new AlertQuery(status, unresolved ?? false, modelId, kind, page ?? 1, pageSize ?? 25), ct));

    public static Task<Results<Ok<AlertView>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Acknowledge(
        int id, CommentInput input, ActOnAlert action, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, () => action.AcknowledgeAsync(id, input, Actor.Of(user), ct));

    public static Task<Results<Ok<AlertView>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Resolve(
        int id, CommentInput input, ActOnAlert action, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, () => action.ResolveAsync(id, input, Actor.Of(user), ct));

    public static async Task<Results<Created<StatisticsResult>, ValidationProblem, NotFound<ProblemDetails>>> RecordStatistics(
        int deploymentId, StatisticsInput input, DeploymentFigures figures, ClaimsPrincipal user, CancellationToken ct)
    {
        var result = await figures.RecordStatisticsAsync(deploymentId, input, ActorName.Of(user), ct);
        return result is null
            ? ApiResults.NotFound("Deployment not found", string.Create(CultureInfo.InvariantCulture, $"There is no deployment with id {deploymentId}. A model's deployments are listed in GET /api/models/{{modelId}}."))
            : TypedResults.Created($"/api/models/{result.Statistics.DeploymentId}/statistics", result);
    }

    public static async Task<Results<Ok<IReadOnlyList<StatisticsView>>, NotFound<ProblemDetails>>> ListStatistics(int modelId, DeploymentFigures figures, CancellationToken ct) =>
        await figures.StatisticsAsync(modelId, ct) is { } statistics ? TypedResults.Ok(statistics) : ApiResults.ModelNotFound(modelId);

    private static async Task<Results<Ok<AlertView>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> ChangeAsync(int id, Func<Task<AlertView?>> change)
    {
        return await change() is { } alert
            ? TypedResults.Ok(alert)
            : ApiResults.NotFound("Alert not found", string.Create(CultureInfo.InvariantCulture, $"There is no alert with id {id}."));
    }
}
