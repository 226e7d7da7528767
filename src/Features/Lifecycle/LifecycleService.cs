using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>
/// Requests and decisions: the only way a version changes stage. Rules (<see cref="StageMachine"/>) are checked when a
/// request is made and again when it is approved; separation of duties and the approvals a risk tier needs are checked
/// here, on the server, whatever the page showed. Deciding is optimistic: the request's concurrency stamp makes the
/// second of two simultaneous decisions fail, and its decider is told who came first.
/// </summary>
public sealed class LifecycleService(
    IDbContextFactory<PortalDbContext> dbFactory, EvaluationService evaluations, ComparisonService comparisons, MonitoringService monitoring,
    IOptionsMonitor<LifecycleOptions> options, LifecycleNotifier notifier, AuditTrail audit, TimeProvider clock)
{
    public const int MaxJustificationLength = FieldLimits.LongText;

    private static readonly JsonSerializerOptions EvidenceJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string KindName(RequestKind kind) => kind switch
    {
        RequestKind.ChampionSwap => "champion-swap",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The open request of this kind for the version, if any.</summary>
    public async Task<RequestView?> OpenRequestAsync(int modelId, int version, RequestKind kind, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = await db.Requests.Where(r => r.ModelId == modelId && r.VersionNumber == version && r.Kind == kind && r.Status == RequestStatus.Open)
            .Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        return id is int found ? await GetAsync(found, ct) : null;
    }

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

        var states = States(model);
        if (StageMachine.Check(State(target), states, terms) is { } refusal)
        {
            throw Refused(refusal, target);
        }

        if (await db.Requests.AnyAsync(r => r.ModelId == modelId && r.VersionNumber == version && r.Kind == terms.Kind && r.Status == RequestStatus.Open, ct))
        {
            throw new ConflictException(ConflictKind.AlreadyDone, LifecycleMessages.Format(LifecycleMessages.AlreadyRequested, version, LifecycleMessages.KindText(terms.Kind)));
        }

        var evidence = await EvidenceAsync(model, version, ct);
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
            FairnessFailed = evidence.FairnessStatus == FairnessStatus.Fail,
            EvidenceJson = JsonSerializer.Serialize(evidence, EvidenceJson),
            RequestedBy = actor.Name,
            RequestedById = actor.Id,
            RequestedAt = now,
            Status = RequestStatus.Open,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Requests.Add(request);
        await SaveAsync(db, version, terms.Kind, ct);
        var moved = await ApplyAsync(db, model, request, StageMachine.OnRequested(State(target), terms), actor, now, ct);
        Notify(db, "request.created", request, model);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new AuditEntry("request.created", "Request", Id(request), After: Snapshot(request)), .. moved], ct);
        await transaction.CommitAsync(ct);
        return await PublishAsync(request.Id, ct);
    }

    /// <summary>The requester takes the request back.</summary>
    /// <exception cref="ForbiddenException">Someone else's request.</exception>
    /// <exception cref="ConflictException">The request is no longer open.</exception>
    public Task<RequestView?> WithdrawAsync(int requestId, Actor actor, CancellationToken ct = default) =>
        CloseAsync(requestId, actor, null, null, ct);

    /// <summary>A validator's approval or rejection.</summary>
    /// <exception cref="InputRejectedException">No comment; approving a fairness fail without an override justification.</exception>
    /// <exception cref="ForbiddenException">The requester, or a developer of the version (separation of duties).</exception>
    /// <exception cref="ConflictException">Already decided (names who decided first), already approved by this validator, or the versions moved since the request.</exception>
    public Task<RequestView?> DecideAsync(int requestId, DecisionKind kind, DecisionInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return CloseAsync(requestId, actor, kind, input, ct);
    }

    /// <summary>Withdraws (no decision) or decides a request, in one transaction with the stage changes it causes.</summary>
    private async Task<RequestView?> CloseAsync(int requestId, Actor actor, DecisionKind? kind, DecisionInput? input, CancellationToken ct)
    {
        var comment = input?.Comment?.Trim() ?? "";
        var fairnessOverride = string.IsNullOrWhiteSpace(input?.FairnessOverride) ? null : input.FairnessOverride.Trim();
        if (kind is not null)
        {
            var errors = new Dictionary<string, string[]>();
            if (comment.Length == 0)
            {
                errors["comment"] = [LifecycleMessages.CommentRequired];
            }
            else if (comment.Length > MaxJustificationLength)
            {
                errors["comment"] = [LifecycleMessages.Format(LifecycleMessages.TextTooLong, MaxJustificationLength)];
            }

            if (fairnessOverride?.Length > MaxJustificationLength)
            {
                errors["fairnessOverride"] = [LifecycleMessages.Format(LifecycleMessages.TextTooLong, MaxJustificationLength)];
            }

            if (errors.Count > 0)
            {
                throw new InputRejectedException(errors);
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.Requests.Where(r => r.Id == requestId).Select(r => (int?)r.ModelId).SingleOrDefaultAsync(ct);
        if (modelId is null)
        {
            return null;
        }

        // The versions before the request: a decision committed in between then shows as a closed request (who decided),
        // never as versions that moved under an open one.
        var model = await db.Models.Include(m => m.Versions).SingleAsync(m => m.Id == modelId, ct);
        var request = await db.Requests.Include(r => r.Decisions).SingleAsync(r => r.Id == requestId, ct);
        var target = model.Versions.Single(v => v.Number == request.VersionNumber);
        if (request.Status != RequestStatus.Open)
        {
            throw AlreadyClosed(request);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var before = Snapshot(request);
        var terms = new RequestTerms(request.Kind, request.TargetRole, request.PreviousChampion, request.Successor, request.AcceptNoChampion);
        IReadOnlyList<Transition> moves;
        string eventType;
        RequestDecision? decision = null;
        if (kind is null)
        {
            if (!actor.Is(Requester(request)))
            {
                throw new ForbiddenException("Not the requester", LifecycleMessages.Format(LifecycleMessages.OnlyRequesterWithdraws, request.RequestedBy));
            }

            request.Status = RequestStatus.Withdrawn;
            moves = StageMachine.OnWithdrawn(State(target), terms);
            eventType = "request.withdrawn";
        }
        else
        {
            ThrowIfNotIndependent(request, model, target, actor);
            if (request.Decisions.Any(d => d.Kind == DecisionKind.Approve && actor.Is(new PersonRef(d.DeciderId, d.Decider))))
            {
                throw new ConflictException(ConflictKind.AlreadyDone, LifecycleMessages.AlreadyApprovedByYou);
            }

            var overrides = kind == DecisionKind.Approve && request.FairnessFailed;
            if (overrides && fairnessOverride is null)
            {
                throw InputRejectedException.For("fairnessOverride", LifecycleMessages.OverrideRequired);
            }

            decision = new RequestDecision
            {
                Kind = kind.Value, Decider = actor.Name, DeciderId = actor.Id, Comment = comment, FairnessOverride = overrides ? fairnessOverride : null, DecidedAt = now,
            };
            request.Decisions.Add(decision);
            if (kind == DecisionKind.Reject)
            {
                request.Status = RequestStatus.Rejected;
                moves = StageMachine.OnRejected(State(target), terms);
                eventType = "request.rejected";
            }
            else if (request.Decisions.Count(d => d.Kind == DecisionKind.Approve) < request.ApprovalsRequired)
            {
                moves = [];
                eventType = "request.approval-added";
            }
            else
            {
                var (approved, refusal) = StageMachine.OnApproved(State(target), States(model), terms);
                if (refusal is { Code: "previous-champion-required" })
                {
                    throw await ChampionSinceRequestAsync(db, model.Id, refusal.Version ?? 0, ct);
                }

                if (refusal is not null)
                {
                    throw Refused(refusal, target);
                }

                request.Status = RequestStatus.Approved;
                moves = approved;
                eventType = "request.approved";
            }
        }

        if (request.Status != RequestStatus.Open)
        {
            request.ClosedAt = now;
            request.ClosedBy = actor.Name;
        }

        // A new stamp even when only a decision is added (a first of two approvals), so that of two validators approving
        // at once only one counts and the other is told; otherwise both could stop one short of the approvals needed.
        request.ConcurrencyStamp = Guid.NewGuid();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // The request first: its stamp decides a race before any version moves.
            await db.SaveChangesAsync(ct);
            var moved = await ApplyAsync(db, model, request, moves, actor, now, ct);
            if (eventType != "request.withdrawn")
            {
                Notify(db, eventType, request, model);
            }

            await db.SaveChangesAsync(ct);
            List<AuditEntry> entries = [new(eventType, "Request", Id(request), before, Snapshot(request))];
            if (decision?.FairnessOverride is { } justification)
            {
                // The override is its own event, so an auditor filtering for overrides finds every one.
                entries.Add(new AuditEntry("request.fairness-override", "Request", Id(request),
                    After: new { requestId = request.Id, version = request.VersionNumber, justification, evidence = "fairness status Fail at request time" }));
            }

            await audit.AppendAsync(db, actor, [.. entries, .. moved], ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (!DatabaseOutage.Is(e))
        {
            // Another decision got there first: on this request (its stamp), or on the model's versions (a version's stamp,
            // or the one-champion index when two promotions to champion were approved at the same moment). Say which.
            await transaction.RollbackAsync(ct);
            await using var check = await dbFactory.CreateDbContextAsync(ct);
            var current = await check.Requests.AsNoTracking().Include(r => r.Decisions).SingleAsync(r => r.Id == requestId, ct);
            if (current.Status != RequestStatus.Open)
            {
                throw AlreadyClosed(current);
            }

            var changedMeanwhile = new ConflictException(ConflictKind.AlreadyDecided, LifecycleMessages.Format(LifecycleMessages.ChangedMeanwhile,
                current.Decisions.OrderBy(d => d.DecidedAt).LastOrDefault()?.Decider ?? current.RequestedBy));
            throw e.Entries.Any(x => x.Entity is LifecycleRequest) ? changedMeanwhile : await VersionsMovedAsync(check, current.ModelId, ct) ?? changedMeanwhile;
        }

        return await PublishAsync(request.Id, ct);
    }

    /// <summary>
    /// The 409 for a decision whose stage changes lost a race: names the version that moved and the request (and who
    /// approved it) that moved it. Null when the model has no recorded change to name.
    /// </summary>
    private static async Task<ConflictException?> VersionsMovedAsync(PortalDbContext db, int modelId, CancellationToken ct)
    {
        var latest = await db.StageChanges.AsNoTracking().Where(c => c.ModelId == modelId)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            return null;
        }

        return new ConflictException(ConflictKind.AlreadyDecided, LifecycleMessages.Format(LifecycleMessages.VersionsMovedMeanwhile,
            latest.VersionNumber, LifecycleMessages.StageText(latest.ToStage, latest.ToRole), latest.RequestId?.ToString(CultureInfo.InvariantCulture) ?? "-",
            latest.ChangedBy));
    }

    /// <summary>A promotion to champion asked for when there was none, whose approval would now demote the champion crowned since.</summary>
    private static async Task<ConflictException> ChampionSinceRequestAsync(PortalDbContext db, int modelId, int champion, CancellationToken ct)
    {
        var crowned = await db.StageChanges.AsNoTracking().Where(c => c.ModelId == modelId && c.VersionNumber == champion && c.ToRole == ProductionRole.Champion)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        return new ConflictException(ConflictKind.IllegalTransition, LifecycleMessages.Format(LifecycleMessages.ChampionSinceRequest,
            champion, crowned?.RequestId?.ToString(CultureInfo.InvariantCulture) ?? "-", crowned?.ChangedBy ?? "-"));
    }

    private async Task<RequestView?> PublishAsync(int requestId, CancellationToken ct)
    {
        var view = await GetAsync(requestId, ct);
        if (view is not null)
        {
            notifier.Publish(view);
        }

        return view;
    }

    /// <summary>
    /// Separation of duties: nobody decides on their own request or on a version they developed, whatever roles they
    /// hold. The same list (<see cref="Excluded"/>) tells the pages whom to offer the buttons.
    /// </summary>
    private static void ThrowIfNotIndependent(LifecycleRequest request, Model model, ModelVersion version, Actor actor)
    {
        if (actor.Is(Requester(request)))
        {
            throw new ForbiddenException("Separation of duties", LifecycleMessages.OwnRequest);
        }

        if (Excluded(request, model.DeveloperRefs, Registrant(version)).Any(actor.Is))
        {
            throw new ForbiddenException("Separation of duties", LifecycleMessages.Format(LifecycleMessages.OwnWork, version.Number));
        }
    }

    /// <summary>
    /// Moves the versions, one save per move in the order given (a champion gives up its role before another takes it,
    /// so the one-champion index holds at every statement), and records each move in the version's history.
    /// </summary>
    /// <returns>The audit entries of the moves, for the caller to append with its own.</returns>
    private async Task<List<AuditEntry>> ApplyAsync(PortalDbContext db, Model model, LifecycleRequest request, IReadOnlyList<Transition> moves, Actor actor, DateTime now, CancellationToken ct)
    {
        var entries = new List<AuditEntry>();
        foreach (var move in moves)
        {
            var version = model.Versions.Single(v => v.Number == move.Version);
            version.Stage = move.ToStage;
            version.ProductionRole = move.ToRole;
            db.StageChanges.Add(new StageChange
            {
                ModelId = model.Id, VersionNumber = move.Version, FromStage = move.FromStage, FromRole = move.FromRole,
                ToStage = move.ToStage, ToRole = move.ToRole, RequestId = request.Id, ChangedBy = actor.Name, ChangedAt = now,
            });
            monitoring.QueueEvent(db, "version.stage-changed", new
            {
                modelId = model.Id, model = model.Name, version = move.Version, from = new { stage = move.FromStage, role = move.FromRole },
                to = new { stage = move.ToStage, role = move.ToRole }, requestId = request.Id, changedBy = actor.Name, changedAt = now,
            });
            await db.SaveChangesAsync(ct);
            entries.Add(new AuditEntry("version.stage-changed", AuditEntry.Version, AuditEntry.VersionId(model.Id, move.Version),
                new { stage = move.FromStage, role = move.FromRole }, new { stage = move.ToStage, role = move.ToRole, requestId = request.Id }));
        }

        return entries;
    }

    private static string Id(LifecycleRequest r) => r.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A request as the audit log records it.</summary>
    private static object Snapshot(LifecycleRequest r) => new
    {
        r.Id, r.ModelId, version = r.VersionNumber, kind = KindName(r.Kind), r.Status, r.Justification, r.RequestedBy, r.TargetRole, r.PreviousChampion,
        r.Successor, r.AcceptNoChampion, r.ApprovalsRequired, r.FairnessFailed,
        decisions = r.Decisions.Select(d => new { d.Kind, d.Decider, d.Comment, d.FairnessOverride }).ToList(),
    };

    private void Notify(PortalDbContext db, string type, LifecycleRequest request, Model model) =>
        monitoring.QueueEvent(db, type, new
        {
            request = new
            {
                request.Id, modelId = model.Id, model = model.Name, version = request.VersionNumber, kind = KindName(request.Kind),
                request.Status, request.RequestedBy, request.RequestedAt, request.Justification,
                approvals = request.Decisions.Count(d => d.Kind == DecisionKind.Approve), request.ApprovalsRequired,
                decisions = request.Decisions.Select(d => new { d.Kind, d.Decider, d.Comment, d.FairnessOverride, d.DecidedAt }),
            },
        });

    /// <summary>Saves a new request; the filtered unique index catches a second open request of the kind made at the same moment.</summary>
    private static async Task SaveAsync(PortalDbContext db, int version, RequestKind kind, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            throw new ConflictException(ConflictKind.AlreadyDone, LifecycleMessages.Format(LifecycleMessages.AlreadyRequested, version, LifecycleMessages.KindText(kind)));
        }
    }

    /// <summary>The evidence as it stands: the version's latest figures, the current champion's, and the comparison between them.</summary>
    private async Task<RequestEvidence> EvidenceAsync(Model model, int version, CancellationToken ct)
    {
        var latest = await evaluations.VersionEvidenceAsync(model.Id, version, ct);
        var champion = model.Champion;
        VersionEvaluationEvidence? championFigures = null;
        ComparisonEvidence? comparison = null;
        if (champion is not null && champion.Number != version)
        {
            championFigures = await evaluations.VersionEvidenceAsync(model.Id, champion.Number, ct);
            try
            {
                var compared = await comparisons.CompareAsync(model.Id, champion.Number, version, ct: ct);
                if (compared is { LatestEvaluationId: not null })
                {
                    comparison = new ComparisonEvidence(champion.Number, compared.LatestEvaluationId, compared.LatestEvaluationName, compared.RowCount,
                        compared.Metrics, compared.Significance);
                }
            }
            catch (InputRejectedException)
            {
                // No shared batch or not comparable: the evidence says so by leaving the comparison out.
            }
        }

        return new RequestEvidence(clock.GetUtcNow().UtcDateTime, latest, comparison, championFigures, latest?.WorstFairness);
    }

    public async Task<RequestView?> GetAsync(int requestId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var request = await db.Requests.AsNoTracking().Include(r => r.Decisions).SingleOrDefaultAsync(r => r.Id == requestId, ct);
        if (request is null)
        {
            return null;
        }

        var model = await db.Models.AsNoTracking().Where(m => m.Id == request.ModelId).Select(m => new { m.Name, m.Developers, m.DeveloperIds }).SingleAsync(ct);
        var creator = await db.Versions.Where(v => v.ModelId == request.ModelId && v.Number == request.VersionNumber)
            .Select(v => new { v.CreatedBy, v.CreatedById }).SingleAsync(ct);
        return ToView(request, model.Name, Excluded(request, PersonRef.Zip(model.Developers, model.DeveloperIds), new PersonRef(creator.CreatedById, creator.CreatedBy)));
    }

    /// <summary>Requests, newest first, optionally only those with a status, of a model, or of one of its versions (the inbox: open ones).</summary>
    public async Task<(IReadOnlyList<RequestView> Items, int Total)> ListAsync(
        RequestStatus? status, int? modelId, int page = 1, int pageSize = 50, int? version = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Requests.AsNoTracking();
        if (status is RequestStatus s)
        {
            query = query.Where(r => r.Status == s);
        }

        if (modelId is int m)
        {
            query = query.Where(r => r.ModelId == m);
        }

        if (version is int n)
        {
            query = query.Where(r => r.VersionNumber == n);
        }

        var total = await query.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, 200);
        var rows = await query.Include(r => r.Decisions).OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
            .Skip((Math.Max(1, page) - 1) * size).Take(size).ToListAsync(ct);
        var ids = rows.Select(r => r.ModelId).Distinct().ToList();
        var models = await db.Models.AsNoTracking().Where(x => ids.Contains(x.Id)).Select(x => new { x.Id, x.Name, x.Developers, x.DeveloperIds }).ToDictionaryAsync(x => x.Id, ct);
        var creators = await db.Versions.AsNoTracking().Where(v => ids.Contains(v.ModelId))
            .Select(v => new { v.ModelId, v.Number, v.CreatedBy, v.CreatedById })
            .ToDictionaryAsync(v => (v.ModelId, v.Number), v => new PersonRef(v.CreatedById, v.CreatedBy), ct);
        return ([.. rows.Select(r => ToView(r, models[r.ModelId].Name,
            Excluded(r, PersonRef.Zip(models[r.ModelId].Developers, models[r.ModelId].DeveloperIds), creators.GetValueOrDefault((r.ModelId, r.VersionNumber)))))], total);
    }

    /// <summary>Every version's stage and role, for the request buttons and dialogs.</summary>
    public async Task<IReadOnlyList<VersionState>> StatesAsync(int modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Versions.AsNoTracking().Where(v => v.ModelId == modelId).OrderBy(v => v.Number)
            .Select(v => new VersionState(v.Number, v.Stage, v.ProductionRole)).ToListAsync(ct);
    }

    /// <summary>How many requests are open (the inbox badge).</summary>
    public async Task<int> OpenCountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Requests.CountAsync(r => r.Status == RequestStatus.Open, ct);
    }

    /// <summary>The version's stage changes, oldest first, each with the request that made it.</summary>
    public async Task<IReadOnlyList<StageChangeView>> HistoryAsync(int modelId, int version, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changes = await db.StageChanges.AsNoTracking().Where(c => c.ModelId == modelId && c.VersionNumber == version)
            .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync(ct);
        var ids = changes.Where(c => c.RequestId is not null).Select(c => c.RequestId!.Value).Distinct().ToList();
        var kinds = await db.Requests.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Kind, ct);
        return [.. changes.Select(c => new StageChangeView(c.VersionNumber, c.FromStage, c.FromRole, c.ToStage, c.ToRole, c.RequestId,
            c.RequestId is int id && kinds.TryGetValue(id, out var k) ? k : null, c.ChangedBy, c.ChangedAt))];
    }

    /// <summary>
    /// Time travel: replays the model's recorded stage changes up to <paramref name="at"/> to find the champion then, and
    /// the request that made it champion. Null when there is no such model.
    /// </summary>
    public async Task<ChampionAt?> ChampionAtAsync(int modelId, DateTime at, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Models.AnyAsync(m => m.Id == modelId, ct))
        {
            return null;
        }

        var changes = await db.StageChanges.AsNoTracking()
            .Where(c => c.ModelId == modelId && c.ChangedAt <= at && (c.ToRole == ProductionRole.Champion || c.FromRole == ProductionRole.Champion))
            .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToListAsync(ct);
        StageChange? crowned = null;
        foreach (var change in changes)
        {
            if (change.ToRole == ProductionRole.Champion)
            {
                crowned = change;
            }
            else if (crowned?.VersionNumber == change.VersionNumber)
            {
                crowned = null;
            }
        }

        var request = crowned?.RequestId is int id ? await GetAsync(id, ct) : null;
        return new ChampionAt(modelId, at, crowned?.VersionNumber, crowned?.ChangedAt, request);
    }

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

    private static ConflictException Refused(Refusal refusal, ModelVersion version) => new(ConflictKind.IllegalTransition, refusal.Code switch
    {
        "role-required" => LifecycleMessages.RoleRequired,
        "previous-champion-required" => LifecycleMessages.Format(LifecycleMessages.PreviousChampionRequired, refusal.Version),
        "successor-required" => LifecycleMessages.Format(LifecycleMessages.SuccessorRequired, version.Number),
        "successor-not-challenger" => LifecycleMessages.Format(LifecycleMessages.SuccessorNotChallenger, refusal.Version),
        _ => refusal.Allowed.Count == 0
            ? LifecycleMessages.Format(LifecycleMessages.NothingAllowed, version.Number, LifecycleMessages.StageText(version.Stage, version.ProductionRole))
            : LifecycleMessages.Format(LifecycleMessages.NotAllowed, version.Number, LifecycleMessages.StageText(version.Stage, version.ProductionRole),
                string.Join(", ", refusal.Allowed.Select(LifecycleMessages.KindText))),
    });

    private static ConflictException AlreadyClosed(LifecycleRequest request) => new(ConflictKind.AlreadyDecided,
        LifecycleMessages.Format(LifecycleMessages.AlreadyClosed, LifecycleMessages.StatusText(request.Status), request.ClosedBy ?? "",
            request.ClosedAt?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? ""));

    private static VersionState State(ModelVersion v) => new(v.Number, v.Stage, v.ProductionRole);

    private static List<VersionState> States(Model model) => [.. model.Versions.Select(State)];

    /// <summary>
    /// Who may not decide: the requester, the version's registrant, the model's developers when the request was made
    /// (frozen on it, so an edit in between cannot let one of them decide) and its developers now (someone added since
    /// is a developer too).
    /// </summary>
    /// <remarks>People are compared by id where the record has one, by name where it does not (<see cref="Actor.Is"/>).</remarks>
    private static List<PersonRef> Excluded(LifecycleRequest r, IEnumerable<PersonRef> currentDevelopers, PersonRef? registrant) =>
        [.. new[] { Requester(r), registrant ?? new PersonRef(null, "") }.Concat(PersonRef.Zip(r.Developers, r.DeveloperIds)).Concat(currentDevelopers)
            .Where(x => x.Name.Trim().Length > 0 || x.HasId).DistinctBy(x => x.Key)];

    private static PersonRef Requester(LifecycleRequest r) => new(r.RequestedById, r.RequestedBy);

    private static PersonRef Registrant(ModelVersion v) => new(v.CreatedById, v.CreatedBy);

    private static RequestView ToView(LifecycleRequest r, string modelName, IReadOnlyList<PersonRef> excluded) => new(
        r.Id, r.ModelId, modelName, r.RiskTier, r.VersionNumber, r.Kind, r.Justification, r.RequestedBy, r.RequestedAt, r.Status,
        r.TargetRole, r.PreviousChampion, r.Successor, r.AcceptNoChampion, r.ApprovalsRequired,
        r.Decisions.Count(d => d.Kind == DecisionKind.Approve), r.FairnessFailed, r.ClosedAt, r.ClosedBy,
        [.. r.Decisions.OrderBy(d => d.DecidedAt).ThenBy(d => d.Id).Select(d => new DecisionView(d.Kind, d.Decider, d.Comment, d.FairnessOverride, d.DecidedAt, d.DeciderId))],
        JsonSerializer.Deserialize<RequestEvidence>(r.EvidenceJson, EvidenceJson), excluded, r.RequestedById);
}
