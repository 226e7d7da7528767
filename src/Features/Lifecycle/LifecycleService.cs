using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

public sealed record RequestView(int Id, int ModelId, int Version, RequestKind Kind, string Justification, string RequestedBy, DateTime RequestedAt, RequestStatus Status);

/// <summary>
/// Requests for stage changes. For now it records promotion requests with their frozen evidence; the approval
/// workflow (decisions, separation of duties, the stage machine) picks them up.
/// </summary>
public sealed class LifecycleService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxJustificationLength = FieldLimits.LongText;

    private static readonly JsonSerializerOptions EvidenceJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>The open request of this kind for the version, if any.</summary>
    public async Task<RequestView?> OpenRequestAsync(int modelId, int version, RequestKind kind, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await db.Requests.AsNoTracking()
            .SingleOrDefaultAsync(r => r.ModelId == modelId && r.VersionNumber == version && r.Kind == kind && r.Status == RequestStatus.Open, ct);
        return request is null ? null : ToView(request);
    }

    /// <summary>Asks for a version's promotion, with the evidence as it stands now.</summary>
    /// <exception cref="InputRejectedException">No justification, or too long.</exception>
    /// <exception cref="ConflictException">The version already has an open promotion request.</exception>
    /// <returns>Null when the model has no such version.</returns>
    public async Task<RequestView?> RequestPromotionAsync(int modelId, int version, string? justification, object evidence, string actor, CancellationToken ct = default)
    {
        var text = justification?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw InputRejectedException.For("justification", LifecycleMessages.JustificationRequired);
        }

        if (text.Length > MaxJustificationLength)
        {
            throw InputRejectedException.For("justification", LifecycleMessages.Format(LifecycleMessages.JustificationTooLong, MaxJustificationLength));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Versions.AnyAsync(v => v.ModelId == modelId && v.Number == version, ct))
        {
            return null;
        }

        if (await db.Requests.AnyAsync(r => r.ModelId == modelId && r.VersionNumber == version && r.Kind == RequestKind.Promotion && r.Status == RequestStatus.Open, ct))
        {
            throw new ConflictException(ConflictKind.AlreadyDone, LifecycleMessages.Format(LifecycleMessages.AlreadyRequested, version));
        }

        var request = new LifecycleRequest
        {
            ModelId = modelId,
            VersionNumber = version,
            Kind = RequestKind.Promotion,
            Justification = text,
            EvidenceJson = JsonSerializer.Serialize(evidence, EvidenceJson),
            RequestedBy = actor,
            RequestedAt = clock.GetUtcNow().UtcDateTime,
            Status = RequestStatus.Open,
        };
        db.Requests.Add(request);
        await db.SaveChangesAsync(ct);
        return ToView(request);
    }

    private static RequestView ToView(LifecycleRequest r) =>
        new(r.Id, r.ModelId, r.VersionNumber, r.Kind, r.Justification, r.RequestedBy, r.RequestedAt, r.Status);
}
