using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>Requests as the inbox, the request page, the version page and the API read them.</summary>
public sealed class RequestQueries(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>How the evidence frozen on a request is written (enums by name, as the API shows them).</summary>
    internal static readonly JsonSerializerOptions EvidenceJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string KindName(RequestKind kind) => kind switch
    {
        RequestKind.ChampionSwap => "champion-swap",
        _ => kind.ToString().ToLowerInvariant(),
    };

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

    /// <summary>The open request of this kind for the version, if any.</summary>
    public async Task<RequestView?> OpenRequestAsync(int modelId, int version, RequestKind kind, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = await db.Requests.Where(r => r.ModelId == modelId && r.VersionNumber == version && r.Kind == kind && r.Status == RequestStatus.Open)
            .Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        return id is int found ? await GetAsync(found, ct) : null;
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

    /// <summary>
    /// Every request of a version, oldest first, read a page of 200 at a time (the model card and the lineage graph:
    /// an auditor must see the whole approval history, however many requests were withdrawn or rejected).
    /// </summary>
    public async Task<IReadOnlyList<RequestView>> AllOfVersionAsync(int modelId, int version, CancellationToken ct = default)
    {
        var all = new List<RequestView>();
        for (var page = 1; ; page++)
        {
            var (items, total) = await ListAsync(null, modelId, page, pageSize: 200, version: version, ct: ct);
            all.AddRange(items);
            if (items.Count == 0 || all.Count >= total)
            {
                return [.. all.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id)];
            }
        }
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

    /// <summary>Who may not decide this request (<see cref="DecisionRules.Excluded"/>).</summary>
    internal static IReadOnlyList<PersonRef> Excluded(LifecycleRequest r, IEnumerable<PersonRef> currentDevelopers, PersonRef? registrant) =>
        DecisionRules.Excluded(new RequestParties(new PersonRef(r.RequestedById, r.RequestedBy), registrant, PersonRef.Zip(r.Developers, r.DeveloperIds), currentDevelopers));

    private static RequestView ToView(LifecycleRequest r, string modelName, IReadOnlyList<PersonRef> excluded) => new(
        r.Id, r.ModelId, modelName, r.RiskTier, r.VersionNumber, r.Kind, r.Justification, r.RequestedBy, r.RequestedAt, r.Status,
        r.TargetRole, r.PreviousChampion, r.Successor, r.AcceptNoChampion, r.ApprovalsRequired,
        r.Decisions.Count(d => d.Kind == DecisionKind.Approve), r.FairnessFailed, r.ClosedAt, r.ClosedBy,
        [.. r.Decisions.OrderBy(d => d.DecidedAt).ThenBy(d => d.Id).Select(d => new DecisionView(d.Kind, d.Decider, d.Comment, d.FairnessOverride, d.DecidedAt, d.DeciderId))],
        JsonSerializer.Deserialize<RequestEvidence>(r.EvidenceJson, EvidenceJson), excluded, r.RequestedById);
}
