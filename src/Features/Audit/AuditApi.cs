using Microsoft.AspNetCore.Http.HttpResults;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Features.Audit;

/// <summary>The audit log for auditors: read and verify; there is no endpoint that edits or deletes an event.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.ReadAudit);
        audit.MapGet("/", List).WithName("ListAuditEvents")
            .WithSummary("Audit events, newest first, paged; filter by actor, action, entityType, entityId, from and to (UTC, to exclusive).");
        audit.MapGet("/verify", Verify).WithName("VerifyAuditLog")
            .WithSummary("Walks the hash chain: intact with the count and last hash, or the first sequence number where it breaks.");
        return app;
    }

    public static async Task<Ok<AuditPage>> List([AsParameters] AuditQueryParameters parameters, AuditService audit, CancellationToken ct) =>
        TypedResults.Ok(await audit.QueryAsync(new AuditQuery(parameters.Actor, parameters.Action, parameters.EntityType, parameters.EntityId,
            parameters.From?.ToUniversalTime(), parameters.To?.ToUniversalTime(), parameters.Page ?? 1, parameters.PageSize ?? 50), ct));

    public static async Task<Ok<AuditVerification>> Verify(AuditService audit, CancellationToken ct) => TypedResults.Ok(await audit.VerifyAsync(ct));

    public sealed record AuditQueryParameters(string? Actor, string? Action, string? EntityType, string? EntityId, DateTime? From, DateTime? To, int? Page, int? PageSize);
}
