using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using ModelOpsPortal.App.Localization;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>Requests for stage changes and validators' decisions on them.</summary>
public static class LifecycleApi
{
    public static IEndpointRouteBuilder MapLifecycleApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/models/{modelId:int}/versions/{version:int}/requests", Create).WithTags("Lifecycle").WithName("CreateRequest")
            .WithSummary("Request validation, promotion (role champion|challenger), a champion swap (previousChampion challenger|retired) or retirement (a retiring champion names its successor or acceptNoChampion). Evidence is frozen now.")
            .RequireAuthorization(Policies.RegisterModels);

        app.MapGet("/api/models/{modelId:int}/champion", ChampionAt).WithTags("Lifecycle").WithName("GetChampionAt")
            .WithSummary("The champion on a date (at=2026-05-01 means the end of that day, UTC; or a full ISO time), since when, and the approved request with its decisions and evidence.")
            .RequireAuthorization(Policies.ReadPortfolio);

        var requests = app.MapGroup("/api/requests").WithTags("Lifecycle");
        requests.MapGet("/", List).WithName("ListRequests")
            .WithSummary("Requests, newest first; status=pending (or open, approved, rejected, withdrawn), modelId, page, pageSize.")
            .RequireAuthorization(Policies.ReadPortfolio);
        requests.MapGet("/{id:int}", Get).WithName("GetRequest")
            .WithSummary("A request with its terms, frozen evidence and decisions. With waitSeconds=N (at most 60) an open request's answer waits until it is approved, rejected or withdrawn, or N seconds have passed (the status then still says open).")
            .RequireAuthorization(Policies.ReadPortfolio);
        requests.MapPost("/{id:int}/approve", Approve).WithName("ApproveRequest")
            .WithSummary("Approve with a comment (Validators; never the requester or a developer of the version: 403). A fairness fail needs fairnessOverride. 409 when already decided.")
            .RequireAuthorization(Policies.DecideRequests);
        requests.MapPost("/{id:int}/reject", Reject).WithName("RejectRequest")
            .WithSummary("Reject with a comment (Validators; never the requester or a developer of the version: 403). 409 when already decided.")
            .RequireAuthorization(Policies.DecideRequests);
        requests.MapPost("/{id:int}/withdraw", Withdraw).WithName("WithdrawRequest")
            .WithSummary("The requester takes an open request back (403 for anyone else, 409 when no longer open).")
            .RequireAuthorization(Policies.ReadPortfolio);

        // The inbox badge of pages drawn without a circuit: a page's script asks it, not an API client (no API key).
        app.MapGet("/requests/feed", Feed).RequireAuthorization(Policies.ReadPortfolio).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The inbox as a page shows it: the latest change's number (to ask after it next time), the count, the badge's label
    /// and, for validators, the notes of requests made since.
    /// </summary>
    public sealed record InboxView(long Sequence, int Open, string Badge, IReadOnlyList<string> Notes);

    public static async Task<Ok<InboxView>> Feed(long? after, ClaimsPrincipal user, InboxFeed feed, IAuthorizationService authorization,
        IStringLocalizer<LifecycleText> text, IStringLocalizer<SharedText> shared, CancellationToken ct)
    {
        var changes = await feed.SinceAsync(after, ct);
        var validator = changes.Requests.Count > 0 && (await authorization.AuthorizeAsync(user, Policies.DecideRequests)).Succeeded;
        // As the inbox link of an interactive page says it (RequestsNavLink).
        List<string> notes = validator
            ? [.. changes.Requests.Where(r => r.Status == RequestStatus.Open && r.Decisions.Count == 0)
                .Select(r => text["Inbox.NewRequest", text[$"Kind.{r.Kind}"], r.ModelName, shared["VersionLabel", r.Version], r.RequestedBy].Value)]
            : [];
        return TypedResults.Ok(new InboxView(changes.Sequence, changes.Open, text["Inbox.Badge", changes.Open], notes));
    }

    public sealed record RequestPage(IReadOnlyList<RequestView> Items, int Total, int Page, int PageSize);

    public static async Task<Results<Created<RequestView>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> Create(
        int modelId, int version, RequestInput input, CreateRequest creation, ClaimsPrincipal user, CancellationToken ct)
    {
        var request = await creation.CreateAsync(modelId, version, input, Actor.Of(user), ct);
        return request is null
            ? ApiResults.VersionNotFound(modelId, version)
            : TypedResults.Created($"/api/requests/{request.Id}", request);
    }

    public static async Task<Results<Ok<RequestPage>, ValidationProblem>> List(
        string? status, int? modelId, RequestQueries requests, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        RequestStatus? filter = status?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "pending" or "open" => RequestStatus.Open,
            "approved" => RequestStatus.Approved,
            "rejected" => RequestStatus.Rejected,
            "withdrawn" => RequestStatus.Withdrawn,
            _ => (RequestStatus)(-1),
        };
        if (filter == (RequestStatus)(-1))
        {
            return ApiResults.Invalid(InputRejectedException.For("status", "Use pending, approved, rejected or withdrawn."));
        }

        var (items, total) = await requests.ListAsync(filter, modelId, page, pageSize, ct: ct);
        return TypedResults.Ok(new RequestPage(items, total, Math.Max(1, page), Math.Clamp(pageSize, 1, 200)));
    }

    public static async Task<Results<Ok<ChampionAt>, ValidationProblem, NotFound<ProblemDetails>>> ChampionAt(
        int modelId, string? at, ChampionHistory history, TimeProvider clock, CancellationToken ct)
    {
        DateTime moment;
        if (string.IsNullOrWhiteSpace(at))
        {
            moment = clock.GetUtcNow().UtcDateTime;
        }
        else if (DateOnly.TryParseExact(at, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            // The end of that day; the last representable day ends at the last representable moment.
            moment = day.ToDateTime(TimeOnly.MaxValue, DateTimeKind.Utc);
        }
        else if (DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            moment = time.UtcDateTime;
        }
        else
        {
            return ApiResults.Invalid(InputRejectedException.For("at", $"'{at}' is not a date (2026-05-01) or an ISO 8601 time (2026-05-01T12:00:00Z)."));
        }

        return await history.ChampionAtAsync(modelId, moment, ct) is { } champion ? TypedResults.Ok(champion) : ApiResults.ModelNotFound(modelId);
    }

    public static async Task<Results<Ok<RequestView>, ValidationProblem, NotFound<ProblemDetails>>> Get(int id, int? waitSeconds, AwaitDecision decision, CancellationToken ct) =>
        await decision.WaitAsync(id, waitSeconds ?? 0, ct) is { } request ? TypedResults.Ok(request) : RequestNotFound(id);

    public static Task<Results<Ok<RequestView>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ProblemHttpResult>> Approve(
        int id, DecisionInput input, DecideRequest decision, ClaimsPrincipal user, CancellationToken ct) =>
        Run(id, () => decision.DecideAsync(id, DecisionKind.Approve, input, Actor.Of(user), ct));

    public static Task<Results<Ok<RequestView>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ProblemHttpResult>> Reject(
        int id, DecisionInput input, DecideRequest decision, ClaimsPrincipal user, CancellationToken ct) =>
        Run(id, () => decision.DecideAsync(id, DecisionKind.Reject, input, Actor.Of(user), ct));

    public static Task<Results<Ok<RequestView>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ProblemHttpResult>> Withdraw(
        int id, WithdrawRequest withdrawal, ClaimsPrincipal user, CancellationToken ct) =>
        Run(id, () => withdrawal.WithdrawAsync(id, Actor.Of(user), ct));

    private static async Task<Results<Ok<RequestView>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ProblemHttpResult>> Run(
        int id, Func<Task<RequestView?>> action)
    {
        return await action() is { } request ? TypedResults.Ok(request) : RequestNotFound(id);
    }

    private static NotFound<ProblemDetails> RequestNotFound(int id) =>
        ApiResults.NotFound("Request not found", string.Create(CultureInfo.InvariantCulture, $"There is no request with id {id}. List them with GET /api/requests."));
}
