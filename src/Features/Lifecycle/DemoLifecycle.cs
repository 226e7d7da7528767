using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.DemoData;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>
/// The request history behind the demo portfolio's stages, so that approval cycle times and version timelines are real:
/// each version was asked for validation and decided; each version that ran was promoted just before its first
/// deployment (displacing the champion of the day to challenger); each retired version was retired by request. Versions
/// pending validation wait in the inbox, and a few requests are made now through the service itself: promotions of
/// approved versions and a champion swap whose challenger fails the fairness rule.
/// </summary>
public sealed class DemoLifecycle(IDbContextFactory<PortalDbContext> dbFactory, CreateRequest lifecycle, IOptionsMonitor<LifecycleOptions> options)
    : IDemoDataContributor
{
    private sealed record Step(DateTime At, int Version, VersionStage Stage, ProductionRole Role);

    public async Task ContributeAsync(CancellationToken ct)
    {
        List<Model> models;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            models = await db.Models.AsNoTracking().AsSplitQuery().Include(m => m.Versions).ThenInclude(v => v.Deployments).OrderBy(m => m.Id).ToListAsync(ct);
            foreach (var model in models)
            {
                Replay(db, model, new Random(model.Id * 104729));
            }

            await db.SaveChangesAsync(ct);
        }

        await RequestNowAsync(DemoEvaluations.BiasedModelId(models), ct);
    }

    /// <summary>Writes the requests, decisions and stage changes that lead to each version's seeded stage.</summary>
    private void Replay(PortalDbContext db, Model model, Random random)
    {
        var versions = model.Versions.OrderBy(v => v.Number).ToList();
        var states = versions.ToDictionary(v => v.Number, _ => (Stage: VersionStage.Development, Role: ProductionRole.None));
        var events = new List<(DateTime At, Action Apply)>();
        var approvals = options.CurrentValue.ApprovalsFor(model.RiskTier);
        var pool = DemoPeople.Validators.Where(v => !model.Developers.Contains(v, StringComparer.OrdinalIgnoreCase)).ToList();

        foreach (var v in versions.Where(v => v.Stage != VersionStage.Development))
        {
            var requester = model.Developers.FirstOrDefault(d => !string.Equals(d, v.CreatedBy, StringComparison.OrdinalIgnoreCase)) ?? v.CreatedBy;
            var deciders = pool.Where(p => !string.Equals(p, v.CreatedBy, StringComparison.OrdinalIgnoreCase) && !string.Equals(p, requester, StringComparison.OrdinalIgnoreCase))
                .OrderBy(_ => random.Next()).ToList();
            var firstDeploy = v.Deployments.OrderBy(d => d.DeployedAt).FirstOrDefault();
            var promotedAt = firstDeploy?.DeployedAt.AddHours(-2);
            var promotionAsked = promotedAt?.AddDays(-random.Next(1, 6));
            var validated = v.CreatedAt.AddDays(random.Next(5, 30));
            if (promotionAsked is DateTime before && validated > before.AddDays(-1))
            {
                validated = before.AddDays(-1);
            }

            var validationAsked = validated.AddDays(-random.Next(2, 10));
            if (validationAsked <= v.CreatedAt)
            {
                validationAsked = v.CreatedAt.AddHours(1);
                validated = validated > validationAsked ? validated : validationAsked.AddHours(6);
            }

            var number = v.Number;
            if (v.Stage == VersionStage.PendingValidation)
            {
                events.Add((validationAsked, () => Request(db, model, approvals, number, RequestKind.Validation, requester, validationAsked, null, [], states,
                    [new Step(validationAsked, number, VersionStage.PendingValidation, ProductionRole.None)])));
                continue;
            }

            var rejected = v.Stage == VersionStage.Rejected;
            events.Add((validationAsked, () => Request(db, model, approvals, number, RequestKind.Validation, requester, validationAsked,
                rejected ? RequestStatus.Rejected : RequestStatus.Approved, Decisions(deciders, rejected ? 1 : approvals, validationAsked, validated, rejected), states,
                [new Step(validationAsked, number, VersionStage.PendingValidation, ProductionRole.None),
                 new Step(validated, number, rejected ? VersionStage.Rejected : VersionStage.Approved, ProductionRole.None)])));
            if (rejected)
            {
                continue;
            }

            if (promotedAt is DateTime promoted)
            {
                var asked = promotionAsked!.Value;
                events.Add((asked, () =>
                {
                    var champion = states.FirstOrDefault(s => s.Value.Role == ProductionRole.Champion).Key;
                    List<Step> moves = champion > 0 ? [new Step(promoted, champion, VersionStage.Production, ProductionRole.Challenger)] : [];
                    moves.Add(new Step(promoted, number, VersionStage.Production, ProductionRole.Champion));
                    var request = Request(db, model, approvals, number, RequestKind.Promotion, requester, asked, RequestStatus.Approved,
                        Decisions(deciders, approvals, asked, promoted, rejected: false), states, moves);
                    request.TargetRole = ProductionRole.Champion;
                    request.PreviousChampion = champion > 0 ? PreviousChampionFate.Challenger : null;
                }));
            }

            if (v.Stage == VersionStage.Retired)
            {
                var removed = v.Deployments.Where(d => d.RemovedAt is not null).Select(d => d.RemovedAt!.Value).DefaultIfEmpty(validated.AddDays(random.Next(10, 60))).Max().AddHours(1);
                var asked = removed.AddDays(-random.Next(1, 4));
                if (asked <= (promotedAt ?? validated))
                {
                    asked = (promotedAt ?? validated).AddHours(1);
                    removed = asked.AddHours(4);
                }

                events.Add((asked, () =>
                {
                    var request = Request(db, model, approvals, number, RequestKind.Retirement, requester, asked, RequestStatus.Approved,
                        Decisions(deciders, approvals, asked, removed, rejected: false), states,
                        [new Step(removed, number, VersionStage.Retired, ProductionRole.None)]);
                    request.AcceptNoChampion = states[number].Role == ProductionRole.Champion;
                }));
            }
        }

        foreach (var (_, apply) in events.OrderBy(e => e.At))
        {
            apply();
        }
    }

    private static List<RequestDecision> Decisions(List<string> deciders, int approvals, DateTime asked, DateTime decided, bool rejected)
    {
        var count = Math.Min(Math.Max(1, approvals), deciders.Count);
        return [.. deciders.Take(count).Select((d, i) => new RequestDecision
        {
            Kind = rejected ? DecisionKind.Reject : DecisionKind.Approve,
            Decider = d,
            DeciderId = DemoPeople.IdOf(d),
            Comment = rejected ? "Performance below the policy minimum on the validation sample; documentation of the limitations incomplete."
                : "Evidence reviewed: performance, stability and documentation meet the policy.",
            DecidedAt = i == count - 1 ? decided : asked + (decided - asked) / 2,
        })];
    }

    /// <summary>Adds one request with its decisions and the stage changes it made, tracking each version's state.</summary>
    private static LifecycleRequest Request(PortalDbContext db, Model model, int approvals, int version, RequestKind kind, string requester, DateTime asked,
        RequestStatus? status, List<RequestDecision> decisions, Dictionary<int, (VersionStage Stage, ProductionRole Role)> states, List<Step> moves)
    {
        var request = new LifecycleRequest
        {
            ModelId = model.Id,
            VersionNumber = version,
            Kind = kind,
            Justification = kind switch
            {
                RequestKind.Validation => "Development complete; validation pack and performance on the holdout sample attached.",
                RequestKind.Promotion => "Validated; replaces the current champion on the next release.",
                _ => "Superseded; no longer used for decisions.",
            },
            EvidenceJson = JsonSerializer.Serialize(new RequestEvidence(asked, null, null, null, null)),
            RequestedBy = requester,
            RequestedById = DemoPeople.IdOf(requester),
            RequestedAt = asked,
            Status = status ?? RequestStatus.Open,
            RiskTier = model.RiskTier,
            Developers = [.. model.Developers],
            DeveloperIds = [.. model.DeveloperIds],
            ApprovalsRequired = approvals,
            ClosedAt = status is null ? null : decisions.Max(d => d.DecidedAt),
            ClosedBy = status is null ? null : decisions.OrderBy(d => d.DecidedAt).Last().Decider,
        };
        request.Decisions.AddRange(decisions);
        db.Requests.Add(request);
        db.SaveChanges(); // the request's id, for its stage changes
        foreach (var move in moves)
        {
            var from = states[move.Version];
            states[move.Version] = (move.Stage, move.Role);
            db.StageChanges.Add(new StageChange
            {
                ModelId = model.Id, VersionNumber = move.Version, FromStage = from.Stage, FromRole = from.Role, ToStage = move.Stage, ToRole = move.Role,
                RequestId = request.Id, ChangedBy = request.ClosedBy ?? requester, ChangedAt = move.At,
            });
        }

        return request;
    }

    /// <summary>
    /// Requests made now through the service, with real evidence: promotions of every other approved version or challenger,
    /// and always the biased model's champion swap (its challenger fails the fairness rule, so approving needs an override).
    /// </summary>
    private async Task RequestNowAsync(int? biased, CancellationToken ct)
    {
        List<(int ModelId, int Version, VersionStage Stage, ProductionRole Role, string By)> candidates;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            candidates = await db.Versions.AsNoTracking()
                .Where(v => v.Stage == VersionStage.Approved || v.ProductionRole == ProductionRole.Challenger)
                .OrderBy(v => v.ModelId).ThenBy(v => v.Number)
                .Select(v => new { v.ModelId, v.Number, v.Stage, v.ProductionRole, v.CreatedBy })
                .ToListAsync(ct) is var rows ? [.. rows.Select(r => (r.ModelId, r.Number, r.Stage, r.ProductionRole, r.CreatedBy))] : [];
        }

        foreach (var (modelId, version, stage, _, by) in candidates.Where((c, i) => i % 2 == 0 || c.ModelId == biased))
        {
            var input = stage == VersionStage.Approved
                ? new RequestInput("promotion", "Validated; run it beside the champion on live traffic before deciding on a swap.", Role: "challenger")
                : new RequestInput("champion-swap", "The challenger has run beside the champion for months; its AUC is higher on the shared batches.", PreviousChampion: "challenger");
            await lifecycle.CreateAsync(modelId, version, input, DemoPeople.Actor(by), ct);
        }
    }
}
