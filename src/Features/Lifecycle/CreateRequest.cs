using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>
/// Asks for a version to move (validation, promotion, champion swap, retirement): checked against the
/// <see cref="StageMachine"/>, with the evaluation evidence frozen on the request and the approvals its risk tier needs.
/// </summary>
public sealed class CreateRequest(
    IDbContextFactory<PortalDbContext> dbFactory, IApprovalEvidence evidence, RequestChanges changes, AuditTrail audit,
    IOptionsMonitor<LifecycleOptions> options, TimeProvider clock)
{
    public const int MaxJustificationLength = FieldLimits.LongText;

    /// <summary>Makes a request with the evidence as it stands now.</summary>
    /// <exception cref="InputRejectedException">A missing or unknown kind, role or fate; no justification.</exception>
    /// <exception cref="ConflictException">The transition is not allowed from the version's stage, or the version already has an open request of this kind.</exception>
    /// <returns>Null when the model has no such version.</returns>
    public async Task<RequestView?> CreateAsync(int modelId, int version, RequestInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (terms, justification) = Parse(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.Include(m => m.Versions).SingleOrDefaultAsync(m => m.Id == modelId, ct);
        var target = model?.Versions.SingleOrDefault(v => v.Number == version);
        if (model is null || target is null)
        {
            return null;
        }

        if (StageMachine.Check(RequestChanges.State(target), RequestChanges.States(model), terms) is { } refusal)
        {
            throw LifecycleErrors.Refused(refusal, target);
        }

        if (await db.Requests.AnyAsync(r => r.ModelId == modelId && r.VersionNumber == version && r.Kind == terms.Kind && r.Status == RequestStatus.Open, ct))
        {
            throw AlreadyRequested(version, terms.Kind);
        }

        var frozen = await evidence.GatherAsync(model.Id, version, model.Champion?.Number, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var request = new LifecycleRequest
        {
            ModelId = modelId,
            VersionNumber = version,
            Kind = terms.Kind,
            Justification = justification,
            TargetRole = terms.Role,
            PreviousChampion = terms.PreviousChampion,
            Successor = terms.Successor,
            AcceptNoChampion = terms.AcceptNoChampion,
            RiskTier = model.RiskTier,
            Developers = [.. model.Developers],
            DeveloperIds = [.. model.DeveloperIds],
            ApprovalsRequired = options.CurrentValue.ApprovalsFor(model.RiskTier),
            FairnessFailed = frozen.FairnessStatus == FairnessStatus.Fail,
            EvidenceJson = JsonSerializer.Serialize(frozen, RequestQueries.EvidenceJson),
            RequestedBy = actor.Name,
            RequestedById = actor.Id,
            RequestedAt = now,
            Status = RequestStatus.Open,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Requests.Add(request);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && !DatabaseOutage.Is(e))
        {
            // The filtered unique index caught a second open request of the kind made at the same moment.
            throw AlreadyRequested(version, terms.Kind);
        }

        var moved = await changes.MoveAsync(db, model, request, StageMachine.OnRequested(RequestChanges.State(target), terms), actor, now, ct);
        await changes.NotifyAsync(db, "request.created", request, model, ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new AuditEntry("request.created", "Request", RequestChanges.Id(request), After: RequestChanges.Snapshot(request)), .. moved], ct);
        await transaction.CommitAsync(ct);
        return await changes.PublishAsync(request.Id, ct);
    }

    private static ConflictException AlreadyRequested(int version, RequestKind kind) =>
        new(ConflictKind.AlreadyDone, LifecycleMessages.Format(LifecycleMessages.AlreadyRequested, version, LifecycleMessages.KindText(kind)));

    /// <summary>The request kinds a caller writes (any case; <c>championswap</c> is also read).</summary>
    public static readonly IReadOnlyList<string> KindNames = ["validation", "promotion", "champion-swap", "retirement"];

    /// <summary>The production roles a promotion may ask for.</summary>
    public static readonly IReadOnlyList<string> RoleNames = ["champion", "challenger"];

    /// <summary>What a champion swap does with the previous champion.</summary>
    public static readonly IReadOnlyList<string> FateNames = ["challenger", "retired"];

    /// <summary>Parses and checks a request's fields; names each wrong one.</summary>
    private static (RequestTerms Terms, string Justification) Parse(RequestInput input)
    {
        var errors = new Dictionary<string, string[]>();
        RequestKind? kind = input.Kind?.Trim().ToLowerInvariant() switch
        {
            "validation" => RequestKind.Validation,
            "promotion" => RequestKind.Promotion,
            "champion-swap" or "championswap" => RequestKind.ChampionSwap,
            "retirement" => RequestKind.Retirement,
            _ => null,
        };
        if (kind is null)
        {
            errors["kind"] = [string.IsNullOrWhiteSpace(input.Kind) ? LifecycleMessages.KindRequired : LifecycleMessages.Format(LifecycleMessages.KindUnknown, input.Kind)];
        }

        ProductionRole? role = input.Role?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "champion" => ProductionRole.Champion,
            "challenger" => ProductionRole.Challenger,
            _ => ProductionRole.None,
        };
        if (role == ProductionRole.None)
        {
            errors["role"] = [LifecycleMessages.Format(LifecycleMessages.RoleUnknown, input.Role)];
        }

        PreviousChampionFate? fate = input.PreviousChampion?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "challenger" => PreviousChampionFate.Challenger,
            "retired" => PreviousChampionFate.Retired,
            _ => (PreviousChampionFate)(-1),
        };
        if (fate == (PreviousChampionFate)(-1))
        {
            errors["previousChampion"] = [LifecycleMessages.Format(LifecycleMessages.FateUnknown, input.PreviousChampion)];
        }

        var justification = input.Justification?.Trim() ?? "";
        if (justification.Length == 0)
        {
            errors["justification"] = [LifecycleMessages.JustificationRequired];
        }
        else if (justification.Length > MaxJustificationLength)
        {
            errors["justification"] = [LifecycleMessages.Format(LifecycleMessages.TextTooLong, MaxJustificationLength)];
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }

        return (new RequestTerms(kind!.Value, role, fate, input.Successor, input.AcceptNoChampion == true), justification);
    }
}
