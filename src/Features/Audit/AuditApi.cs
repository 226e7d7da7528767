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
        audit.MapGet("/export.csv", ExportCsv).WithName("ExportAuditCsv")
            .WithSummary("Every event matching the filters, oldest first, as CSV (UTC ISO times, before/after as JSON text).");
        audit.MapGet("/export.json", ExportJson).WithName("ExportAuditJson")
            .WithSummary("Every event matching the filters, oldest first, as a JSON array with full-precision times and the hashes, to verify elsewhere.");
        audit.MapGet("/verify", Verify).WithName("VerifyAuditLog")
            .WithSummary("Walks the hash chain: intact with the count and last hash, or the first sequence number where it breaks.");
        return app;
    }

    public static async Task<Ok<AuditPage>> List([AsParameters] AuditQueryParameters parameters, AuditService audit, CancellationToken ct) =>
        TypedResults.Ok(await audit.QueryAsync(parameters.ToQuery(), ct));

    public static async Task ExportCsv([AsParameters] AuditQueryParameters parameters, AuditService audit, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-log-{clock.GetUtcNow():yyyyMMdd}.csv\"";
        await using var csv = new Infrastructure.Csv.CsvWriter(http.Response.BodyWriter.AsStream());
        await csv.WriteRowAsync("sequence", "occurred_at_utc", "actor", "actor_id", "actor_roles", "action", "entity_type", "entity_id", "before", "after", "previous_hash", "hash");
        await foreach (var e in audit.StreamAsync(parameters.ToQuery(), ct))
        {
            await csv.WriteRowAsync(e.Sequence, e.OccurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), e.Actor, e.ActorId, string.Join(";", e.ActorRoles),
                e.Action, e.EntityType, e.EntityId, e.Before, e.After, e.PreviousHash, e.Hash);
        }
    }

    public static async Task ExportJson([AsParameters] AuditQueryParameters parameters, AuditService audit, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-log-{clock.GetUtcNow():yyyyMMdd}.json\"";
        await System.Text.Json.JsonSerializer.SerializeAsync(http.Response.Body, audit.StreamAsync(parameters.ToQuery(), ct),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web), ct);
    }

    public static async Task<Ok<AuditVerification>> Verify(AuditService audit, CancellationToken ct) => TypedResults.Ok(await audit.VerifyAsync(ct));

    public sealed record AuditQueryParameters(string? Actor, string? Action, string? EntityType, string? EntityId, DateTime? From, DateTime? To, int? Page, int? PageSize)
    {
        public AuditQuery ToQuery() => new(Actor, Action, EntityType, EntityId, From?.ToUniversalTime(), To?.ToUniversalTime(), Page ?? 1, PageSize ?? 50);
    }
}
