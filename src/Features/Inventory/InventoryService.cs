using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Kpis;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>
/// The model inventory: queries for the grid, the API and exports, and registration of models and versions.
/// One DbContext per operation (a Blazor circuit outlives any sensible context lifetime).
/// </summary>
public sealed class InventoryService(
    IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditTrail audit, Microsoft.Extensions.Options.IOptionsMonitor<KpiOptions> kpiOptions)
{
    public async Task<PagedResult<ModelSummary>> QueryModelsAsync(InventoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, InventoryQuery.MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = Filter(db, query);
        var total = await rows.CountAsync(ct);
        var items = await ToSummaries(Sort(rows, query).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(ct);
        return new PagedResult<ModelSummary>(items, total, page, pageSize);
    }

    /// <summary>How many models match the filters (the KPI dashboard's figures: the same filter its drill-down lists).</summary>
    public async Task<int> CountAsync(InventoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Filter(db, query).CountAsync(ct);
    }

    /// <summary>How many models match the filters, per risk tier (the KPI dashboard's revalidation figures), grouped in SQL.</summary>
    public async Task<IReadOnlyDictionary<RiskTier, int>> CountByRiskTierAsync(InventoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await Filter(db, query).GroupBy(r => r.RiskTier).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return groups.ToDictionary(g => g.Key, g => g.Count);
    }

    /// <summary>How many models matching the filters are at each stage (a model's stage as the grid shows it), grouped in SQL.</summary>
    public async Task<IReadOnlyList<(VersionStage? Stage, int Count)>> StageCountsAsync(InventoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await Filter(db, query).GroupBy(r => r.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return [.. groups.Select(g => (g.Key, g.Count))];
    }

    /// <summary>Every model matching the filters, streamed row by row (for CSV export).</summary>
    public async IAsyncEnumerable<ModelSummary> StreamModelsAsync(InventoryQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var row in ToSummaries(Sort(Filter(db, query), query)).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>Distinct values for the grid's filter lists, grouped in SQL.</summary>
    public async Task<InventoryFilterOptions> GetFilterOptionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.Models.GroupBy(m => m.BusinessUnit).Select(g => g.Key).OrderBy(x => x).ToListAsync(ct);
        var owners = await db.Models.GroupBy(m => m.Owner).Select(g => g.Key).OrderBy(x => x).ToListAsync(ct);
        return new InventoryFilterOptions(units, owners);
    }

    public async Task<ModelDetails?> GetModelAsync(int modelId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().AsSplitQuery()
            .Include(m => m.Versions).ThenInclude(v => v.Deployments)
            .SingleOrDefaultAsync(m => m.Id == modelId, ct);
        if (model is null)
        {
            return null;
        }

        var withoutChampion = await Project(db, db.Models.Where(m => m.Id == modelId)).Select(r => r.WithoutChampion).SingleAsync(ct);
        return ToDetails(model) with { WithoutChampion = withoutChampion };
    }

    public async Task<VersionDetails?> GetVersionAsync(int modelId, int number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.Versions.AsNoTracking().AsSplitQuery()
            .Include(v => v.Model).Include(v => v.Features).Include(v => v.Deployments)
            .SingleOrDefaultAsync(v => v.ModelId == modelId && v.Number == number, ct);
        return version is null ? null : ToDetails(version);
    }

    /// <exception cref="InputRejectedException">The input is invalid.</exception>
    /// <exception cref="ConflictException">Another model has that name.</exception>
    public async Task<ModelDetails> RegisterModelAsync(ModelInput input, Actor actor, CancellationToken ct = default)
    {
        ThrowIfInvalid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await ThrowIfNameTakenAsync(db, input.Name!, exceptId: null, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var model = new Model { CreatedAt = now, CreatedBy = actor.Name };
        Apply(input, model, now, actor.Name);
        await LinkPeopleAsync(db, model, new Governance(new PersonRef(null, ""), [], model.RiskTier, []), actor, relink: true, ct);
        db.Models.Add(model);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(db, input.Name!, ct);
        await audit.AppendAsync(db, actor, [new("model.created", "Model", Id(model.Id), After: Fields(model))], ct);
        await transaction.CommitAsync(ct);
        return ToDetails(model);
    }

    /// <returns>The updated model, or null when there is no model with that id.</returns>
    /// <param name="expectedStamp">When given, the edit is refused if someone changed the model since it was read.</param>
    /// <exception cref="ForbiddenException">A change to the owner, developers, risk tier or sensitive attributes by someone who is neither the owner nor a validator, or a developer taking their own name off the list.</exception>
    public async Task<ModelDetails?> UpdateModelAsync(int modelId, ModelInput input, Guid? expectedStamp, Actor actor, CancellationToken ct = default)
    {
        ThrowIfInvalid(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsSplitQuery()
            .Include(m => m.Versions).ThenInclude(v => v.Deployments)
            .SingleOrDefaultAsync(m => m.Id == modelId, ct);
        if (model is null)
        {
            return null;
        }

        if (expectedStamp is Guid stamp && stamp != model.ConcurrencyStamp)
        {
            throw StaleEdit(model.Name);
        }

        await ThrowIfNameTakenAsync(db, input.Name!, exceptId: modelId, ct);
        var before = Fields(model);
        var governanceBefore = Governance.Of(model);
        Apply(input, model, clock.GetUtcNow().UtcDateTime, actor.Name);
        await LinkPeopleAsync(db, model, governanceBefore, actor, relink: MayChangeGovernance(governanceBefore, actor), ct);
        var governanceAfter = Governance.Of(model);
        var changed = governanceBefore.ChangedFields(governanceAfter);
        ThrowIfGovernanceChangeRefused(governanceBefore, governanceAfter, changed, actor);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await SaveAsync(db, input.Name!, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw StaleEdit(model.Name);
        }

        List<AuditEntry> entries = [new("model.updated", "Model", Id(model.Id), before, Fields(model))];
        if (changed.Count > 0)
        {
            // Its own event, so an auditor filtering for changes to who may decide and what is checked finds every one.
            entries.Add(new("model.governance-changed", "Model", Id(model.Id), governanceBefore.Only(changed), governanceAfter.Only(changed)));
        }

        await audit.AppendAsync(db, actor, entries, ct);
        await transaction.CommitAsync(ct);
        return ToDetails(model);
    }

    /// <summary>
    /// The fields that decide who may approve the model's versions and what is checked before they are: owner,
    /// developers (separation of duties), risk tier (approvals needed) and sensitive attributes (the fairness gate).
    /// </summary>
    private sealed record Governance(PersonRef Owner, IReadOnlyList<PersonRef> Developers, RiskTier RiskTier, IReadOnlyList<string> SensitiveAttributes)
    {
        public static Governance Of(Model m) => new(m.OwnerRef, m.DeveloperRefs, m.RiskTier, [.. m.SensitiveAttributes]);

        public List<string> ChangedFields(Governance after)
        {
            List<string> changed = [];
            if (Owner.Key != after.Owner.Key)
            {
                changed.Add("owner");
            }

            if (!Developers.Select(d => d.Key).ToHashSet(StringComparer.Ordinal).SetEquals(after.Developers.Select(d => d.Key)))
            {
                changed.Add("developers");
            }

            if (RiskTier != after.RiskTier)
            {
                changed.Add("riskTier");
            }

            if (!SameSet(SensitiveAttributes, after.SensitiveAttributes))
            {
                changed.Add("sensitiveAttributes");
            }

            return changed;
        }

        public Dictionary<string, object> Only(IReadOnlyList<string> fields) => fields.ToDictionary(f => f, f => f switch
        {
            "owner" => (object)Owner,
            "developers" => Developers.ToList(),
            "riskTier" => RiskTier.ToString(),
            _ => SensitiveAttributes,
        });

        private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
            a.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(b);
    }

    /// <summary>
    /// A model edit that touches its governance fields is the owner's or a validator's (otherwise any data scientist could
    /// empty the sensitive attributes the dedicated endpoint refuses him, or lower the tier), and nobody takes their own
    /// name off the developers: separation of duties would otherwise be one edit away.
    /// </summary>
    private static void ThrowIfGovernanceChangeRefused(Governance before, Governance after, IReadOnlyList<string> changed, Actor actor)
    {
        if (changed.Count == 0)
        {
            return;
        }

        if (!MayChangeGovernance(before, actor))
        {
            throw new ForbiddenException("Not the owner or a validator", InventoryMessages.Format(
                before.Owner.HasId ? InventoryMessages.GovernanceOwnerOrValidator : InventoryMessages.GovernanceOwnerNotLinked,
                before.Owner.Name, string.Join(", ", changed)));
        }

        if (before.Developers.Any(actor.Is) && !after.Developers.Any(actor.Is))
        {
            throw new ForbiddenException("Separation of duties", InventoryMessages.Format(InventoryMessages.CannotRemoveSelfAsDeveloper, actor.Name));
        }
    }

    /// <summary>The owner, by id (a name could be anyone's), or a validator.</summary>
    private static bool MayChangeGovernance(Governance model, Actor actor) =>
        actor.Roles.Contains(Infrastructure.Auth.PortalRoles.Validator) || actor.HasId(model.Owner.Id);

    /// <summary>
    /// Links the owner and developers typed on the form to the people who signed in under those names or ids
    /// (<see cref="PeopleDirectory.ResolveAsync"/>); unchanged entries keep their ids.
    /// </summary>
    private static async Task LinkPeopleAsync(PortalDbContext db, Model model, Governance before, Actor actor, bool relink, CancellationToken ct)
    {
        var owner = (await PeopleDirectory.ResolveAsync(db, [model.Owner], [before.Owner], actor, relink, "owner", isList: false, ct))[0];
        var developers = await PeopleDirectory.ResolveAsync(db, model.Developers, before.Developers, actor, relink, "developers", isList: true, ct);
        model.Owner = owner.Name;
        model.OwnerId = owner.Id;
        model.Developers = [.. developers.Select(d => d.Name)];
        model.DeveloperIds = [.. developers.Select(d => d.Id ?? "")];
    }

    public const int MaxSensitiveAttributes = 20;

    /// <summary>
    /// Replaces the model's sensitive attributes (the columns fairness is computed for). Allowed to the model's owner and
    /// to validators; the attributes decide what a validator sees, so the rest of the team does not change them alone.
    /// </summary>
    /// <returns>The attributes as stored, or null when there is no model with that id.</returns>
    /// <exception cref="ForbiddenException">The actor is neither the owner nor a validator.</exception>
    /// <exception cref="InputRejectedException">A blank, too long or repeated name, or too many.</exception>
    public async Task<IReadOnlyList<string>?> SetSensitiveAttributesAsync(int modelId, IReadOnlyList<string>? attributes, Actor actor, bool isValidator, CancellationToken ct = default)
    {
        var cleaned = (attributes ?? []).Select(a => TextHygiene.Normalize(a?.Trim() ?? "")).ToList();
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < cleaned.Count; i++)
        {
            var problem = TextHygiene.Problem(cleaned[i]) is { } unclean ? unclean
                : cleaned[i].Length == 0 ? InventoryMessages.AttributeBlank
                : cleaned[i].Length > FieldLimits.ListItem ? InventoryMessages.Format(InventoryMessages.AttributeTooLong, FieldLimits.ListItem)
                : cleaned.FindIndex(a => string.Equals(a, cleaned[i], StringComparison.OrdinalIgnoreCase)) < i ? InventoryMessages.Format(InventoryMessages.AttributeRepeated, cleaned[i])
                : null;
            if (problem is not null)
            {
                errors[$"attributes[{i}]"] = [problem];
            }
        }

        if (cleaned.Count > MaxSensitiveAttributes)
        {
            errors["attributes"] = [InventoryMessages.Format(InventoryMessages.TooManyAttributes, MaxSensitiveAttributes)];
        }

        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.SingleOrDefaultAsync(m => m.Id == modelId, ct);
        if (model is null)
        {
            return null;
        }

        if (!isValidator && !actor.HasId(model.OwnerId))
        {
            throw new ForbiddenException("Not the owner or a validator", InventoryMessages.Format(
                string.IsNullOrEmpty(model.OwnerId) ? InventoryMessages.AttributesOwnerNotLinked : InventoryMessages.AttributesOwnerOrValidator, model.Owner));
        }

        var before = model.SensitiveAttributes.ToList();
        model.SensitiveAttributes = cleaned;
        model.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        model.UpdatedBy = actor.Name;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new("model.sensitive-attributes-changed", "Model", Id(modelId),
            new { sensitiveAttributes = before }, new { sensitiveAttributes = cleaned })], ct);
        await transaction.CommitAsync(ct);
        return cleaned;
    }

    /// <returns>The new version with its portal-assigned number, or null when the model does not exist.</returns>
    public async Task<VersionDetails?> RegisterVersionAsync(int modelId, VersionInput input, Actor actor, CancellationToken ct = default)
    {
        ThrowIfInvalid(input);
        var hyperparameters = input.Hyperparameters?.ToJsonString() ?? "{}";
        if (hyperparameters.Length > FieldLimits.Hyperparameters)
        {
            throw InputRejectedException.For("hyperparameters",
                InventoryMessages.Format(InventoryMessages.HyperparametersTooLong, hyperparameters.Length, FieldLimits.Hyperparameters));
        }

        // Two pipelines registering at once would both compute the same next number: the model's row lock, taken before
        // its versions are read, makes the second wait for the first and number after it (on every provider; issue #20's
        // load test on PostgreSQL answered 500 where a retry on the unique index ran out).
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.LockModelAsync(modelId, ct))
        {
            return null;
        }

        var model = await db.Models.Include(m => m.Versions).SingleAsync(m => m.Id == modelId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var dataset = input.TrainingDataset!;
        var version = new ModelVersion
        {
            Algorithm = input.Algorithm!.Trim(),
            Language = input.Language!.Value,
            Framework = input.Framework?.Trim() ?? "",
            ArtifactUri = input.ArtifactUri!.Trim(),
            ArtifactSha256 = input.ArtifactSha256!.ToLowerInvariant(),
            TrainingDataset = new TrainingDataset
            {
                Name = dataset.Name!.Trim(),
                Uri = NullIfBlank(dataset.Uri),
                Sha256 = NullIfBlank(dataset.Sha256)?.ToLowerInvariant(),
                Rows = dataset.Rows,
                SnapshotDate = dataset.SnapshotDate,
            },
            CodeRepository = input.CodeRepository?.Trim() ?? "",
            CodeCommit = input.CodeCommit?.ToLowerInvariant() ?? "",
            HyperparametersJson = hyperparameters,
            Features = input.Features.Select((f, i) => new VersionFeature { Ordinal = i, Name = f.Name!.Trim(), Type = f.Type!.Value }).ToList(),
            ParentVersion = input.ParentVersion,
            CreatedAt = now,
            CreatedBy = actor.Name,
            CreatedById = actor.Id,
        };
        try
        {
            model.AddVersion(version);
        }
        catch (ParentVersionMissingException e)
        {
            throw InputRejectedException.For("parentVersion",
                InventoryMessages.Format(InventoryMessages.ParentVersionMissing, e.Parent, model.Name,
                    e.Existing.Count == 0 ? InventoryMessages.NoVersionsYet : string.Join(", ", e.Existing)));
        }

        model.UpdatedAt = now;
        model.UpdatedBy = actor.Name;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, actor, [new("version.created", AuditEntry.Version, AuditEntry.VersionId(model.Id, version.Number), After: Fields(version))], ct);
        await transaction.CommitAsync(ct);
        return ToDetails(version);
    }

    private IQueryable<SummaryRow> Filter(PortalDbContext db, InventoryQuery q)
    {
        var models = db.Models.AsNoTracking();
        if (q.Language is ModelLanguage language)
        {
            models = models.Where(m => m.Versions.Any(v => v.Language == language));
        }

        var rows = Filter(Project(db, models), q);
        return q.Kpi is KpiSet set
            ? InventoryKpiFilter.Apply(db, rows, new KpiSelection(set, q.Quarter), kpiOptions.CurrentValue, clock.GetUtcNow().UtcDateTime)
            : rows;
    }

    // Member-init (not a constructor) so that EF can filter and sort on the derived columns in SQL.
    private static IQueryable<SummaryRow> Project(PortalDbContext db, IQueryable<Model> models) =>
        models.Select(m => new SummaryRow
        {
            Id = m.Id,
            Name = m.Name,
            BusinessUnit = m.BusinessUnit,
            Owner = m.Owner,
            CreatedAt = m.CreatedAt,
            ModelType = m.ModelType,
            RiskTier = m.RiskTier,
            // A model's stage: Production while any version is in production, else its latest version's.
            Stage = m.Versions.Any(v => v.Stage == VersionStage.Production)
                ? VersionStage.Production
                : m.Versions.OrderByDescending(v => v.Number).Select(v => (VersionStage?)v.Stage).FirstOrDefault(),
            ChampionVersion = m.Versions.Where(v => v.ProductionRole == ProductionRole.Champion).Select(v => (int?)v.Number).FirstOrDefault(),
            ChallengerCount = m.Versions.Count(v => v.ProductionRole == ProductionRole.Challenger),
            VersionCount = m.Versions.Count(),
            LatestLanguage = m.Versions.OrderByDescending(v => v.Number).Select(v => (ModelLanguage?)v.Language).FirstOrDefault(),
            UpdatedAt = m.UpdatedAt,
            NextValidationDue = m.NextValidationDue,
            OpenAlerts = db.Alerts.Count(a => a.ModelId == m.Id && a.Status != AlertStatus.Resolved),
            // An unresolved alert at the alert level (not a warning) recommends retraining.
            RetrainingRecommended = db.Alerts.Any(a => a.ModelId == m.Id && a.Status != AlertStatus.Resolved && a.Level == AlertLevel.Alert),
            WithoutChampion = !m.Versions.Any(v => v.ProductionRole == ProductionRole.Champion)
                // Versions in production with none the champion, or a champion retired with "no champion" accepted.
                && (m.Versions.Any(v => v.Stage == VersionStage.Production)
                    || db.Requests.Any(r => r.ModelId == m.Id && r.Kind == RequestKind.Retirement && r.Status == RequestStatus.Approved && r.AcceptNoChampion)),
        });

    private static IQueryable<SummaryRow> Filter(IQueryable<SummaryRow> rows, InventoryQuery q)
    {
        if (!string.IsNullOrWhiteSpace(q.Name))
        {
            var pattern = LikePattern.Containing(q.Name);
            rows = rows.Where(m => EF.Functions.Like(m.Name.ToUpper(), pattern.ToUpper(), LikePattern.Escape));
        }

        if (q.Stage is VersionStage stage)
        {
            rows = rows.Where(m => m.Stage == stage);
        }

        if (q.RiskTier is RiskTier tier)
        {
            rows = rows.Where(m => m.RiskTier == tier);
        }

        if (q.ModelType is ModelType type)
        {
            rows = rows.Where(m => m.ModelType == type);
        }

        if (!string.IsNullOrWhiteSpace(q.BusinessUnit))
        {
            rows = rows.Where(m => m.BusinessUnit == q.BusinessUnit);
        }

        if (!string.IsNullOrWhiteSpace(q.Owner))
        {
            rows = rows.Where(m => m.Owner == q.Owner);
        }

        if (q.RetrainingRecommended is bool retrain)
        {
            rows = rows.Where(m => m.RetrainingRecommended == retrain);
        }

        return rows;
    }

    private static IQueryable<SummaryRow> Sort(IQueryable<SummaryRow> rows, InventoryQuery q)
    {
        IOrderedQueryable<SummaryRow> ordered = q.Sort switch
        {
            InventorySort.BusinessUnit => By(rows, m => m.BusinessUnit, q.Descending),
            InventorySort.Owner => By(rows, m => m.Owner, q.Descending),
            // Enums are stored as text; rank them in their natural order, not alphabetically.
            InventorySort.RiskTier => By(rows, m => m.RiskTier == RiskTier.High ? 0 : m.RiskTier == RiskTier.Medium ? 1 : 2, q.Descending),
            InventorySort.ModelType => By(rows, m => m.ModelType, q.Descending),
            InventorySort.Stage => By(rows, m =>
                m.Stage == VersionStage.Development ? 0
                : m.Stage == VersionStage.PendingValidation ? 1
                : m.Stage == VersionStage.Approved ? 2
                : m.Stage == VersionStage.Production ? 3
                : m.Stage == VersionStage.Retired ? 4
                : m.Stage == VersionStage.Rejected ? 5 : 6, q.Descending),
            InventorySort.VersionCount => By(rows, m => m.VersionCount, q.Descending),
            InventorySort.UpdatedAt => By(rows, m => m.UpdatedAt, q.Descending),
            InventorySort.NextValidationDue => By(rows, m => m.NextValidationDue, q.Descending),
            _ => By(rows, m => m.Name, q.Descending),
        };
        // A stable tie-break keeps pages from overlapping.
        return ordered.ThenBy(m => m.Id);
    }

    private static IOrderedQueryable<SummaryRow> By<TKey>(IQueryable<SummaryRow> rows, Expression<Func<SummaryRow, TKey>> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);

    private static IQueryable<ModelSummary> ToSummaries(IQueryable<SummaryRow> rows) =>
        rows.Select(r => new ModelSummary(r.Id, r.Name, r.BusinessUnit, r.Owner, r.ModelType, r.RiskTier, r.Stage, r.ChampionVersion,
            r.ChallengerCount, r.VersionCount, r.LatestLanguage, r.UpdatedAt, r.NextValidationDue, r.OpenAlerts, r.RetrainingRecommended, r.WithoutChampion));

    /// <summary>A model with the derived columns the grid filters and sorts on (internal: the KPI filter reads it too).</summary>
    internal sealed class SummaryRow
    {
        public int Id { get; init; }
        public string Name { get; init; } = "";
        public string BusinessUnit { get; init; } = "";
        public string Owner { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public ModelType ModelType { get; init; }
        public RiskTier RiskTier { get; init; }
        public VersionStage? Stage { get; init; }
        public int? ChampionVersion { get; init; }
        public int ChallengerCount { get; init; }
        public int VersionCount { get; init; }
        public ModelLanguage? LatestLanguage { get; init; }
        public DateTime UpdatedAt { get; init; }
        public DateOnly? NextValidationDue { get; init; }
        public int OpenAlerts { get; init; }
        public bool RetrainingRecommended { get; init; }
        public bool WithoutChampion { get; init; }
    }

    private static void ThrowIfInvalid(object input)
    {
        var errors = InputValidator.Validate(input);
        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }
    }

    private static async Task ThrowIfNameTakenAsync(PortalDbContext db, string name, int? exceptId, CancellationToken ct)
    {
        var trimmed = name.Trim();
        // Case-insensitive on both providers (SQLite compares case-sensitively by default).
        var taken = await db.Models.AnyAsync(m => m.Name.ToUpper() == trimmed.ToUpper() && m.Id != exceptId, ct);
        if (taken)
        {
            throw DuplicateName(trimmed);
        }
    }

    private async Task SaveAsync(PortalDbContext db, string name, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The unique index caught a registration that raced ours past the check above; anything else is not ours to explain.
            await using var check = await dbFactory.CreateDbContextAsync(ct);
            var trimmed = name.Trim();
            if (await check.Models.AnyAsync(m => m.Name.ToUpper() == trimmed.ToUpper(), ct))
            {
                throw DuplicateName(trimmed);
            }

            throw;
        }
    }

    private static ConflictException DuplicateName(string name) =>
        new(ConflictKind.DuplicateName, InventoryMessages.Format(InventoryMessages.DuplicateName, name));

    private static ConflictException StaleEdit(string name) =>
        new(ConflictKind.StaleEdit, InventoryMessages.Format(InventoryMessages.StaleEdit, name));

    private static void Apply(ModelInput input, Model model, DateTime now, string actor)
    {
        model.Name = input.Name!.Trim();
        model.Purpose = input.Purpose!.Trim();
        model.IntendedUse = input.IntendedUse!.Trim();
        model.Limitations = input.Limitations?.Trim() ?? "";
        model.BusinessUnit = input.BusinessUnit!.Trim();
        model.Owner = input.Owner!.Trim();
        model.Developers = Clean(input.Developers);
        model.ModelType = input.ModelType!.Value;
        model.RiskTier = input.RiskTier!.Value;
        model.Tags = Clean(input.Tags);
        model.SensitiveAttributes = Clean(input.SensitiveAttributes);
        model.NextValidationDue = input.NextValidationDue;
        model.UpdatedAt = now;
        model.UpdatedBy = actor;
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A model's inventory fields as the audit log records them.</summary>
    private static object Fields(Model m) => new
    {
        m.Name, m.Purpose, m.IntendedUse, m.Limitations, m.BusinessUnit, m.Owner, m.OwnerId, Developers = m.Developers.ToList(),
        DeveloperIds = m.DeveloperIds.ToList(), m.ModelType, m.RiskTier,
        Tags = m.Tags.ToList(), SensitiveAttributes = m.SensitiveAttributes.ToList(), m.NextValidationDue,
    };

    /// <summary>A version's lineage fields as the audit log records them.</summary>
    private static object Fields(ModelVersion v) => new
    {
        v.Number, v.Algorithm, v.Language, v.Framework, v.ArtifactUri, v.ArtifactSha256, v.TrainingDataset, v.CodeRepository, v.CodeCommit,
        Hyperparameters = v.HyperparametersJson, Features = v.Features.Select(f => new { f.Name, f.Type }).ToList(), v.ParentVersion,
    };

    private static List<string> Clean(IEnumerable<string> items) => items.Select(i => i.Trim()).ToList();

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static ModelDetails ToDetails(Model m) => new(
        m.Id, m.Name, m.Purpose, m.IntendedUse, m.Limitations, m.BusinessUnit, m.Owner, m.Developers, m.ModelType, m.RiskTier,
        m.Tags, m.SensitiveAttributes, m.CreatedAt, m.CreatedBy, m.UpdatedAt, m.UpdatedBy, m.NextValidationDue, m.ConcurrencyStamp,
        m.Champion?.Number,
        m.Versions.OrderByDescending(v => v.Number)
            .Select(v => new VersionSummary(v.Number, v.Algorithm, v.Language, v.Framework, v.Stage, v.ProductionRole, v.CreatedAt, v.CreatedBy, v.ParentVersion))
            .ToList(),
        m.Versions.SelectMany(v => v.Deployments.Select(d => ToDetails(d, v.Number))).OrderByDescending(d => d.DeployedAt).ToList(),
        OwnerId: m.OwnerId, DeveloperIds: m.DeveloperIds);

    private static VersionDetails ToDetails(ModelVersion v) => new(
        v.ModelId, v.Model?.Name ?? "", v.Number, v.Algorithm, v.Language, v.Framework, v.ArtifactUri, v.ArtifactSha256,
        new DatasetDetails(v.TrainingDataset.Name, v.TrainingDataset.Uri, v.TrainingDataset.Sha256, v.TrainingDataset.Rows, v.TrainingDataset.SnapshotDate),
        v.CodeRepository, v.CodeCommit,
        JsonNode.Parse(v.HyperparametersJson) as JsonObject ?? [],
        v.Features.OrderBy(f => f.Ordinal).Select(f => new FeatureDetails(f.Name, f.Type)).ToList(),
        v.ParentVersion, v.CreatedAt, v.CreatedBy, v.Stage, v.ProductionRole,
        v.Deployments.OrderByDescending(d => d.DeployedAt).Select(d => ToDetails(d, v.Number)).ToList());

    internal static DeploymentDetails ToDetails(Deployment d, int versionNumber) =>
        new(d.Id, versionNumber, d.Target, d.Environment, d.Endpoint, d.DeployedAt, d.DeployedBy, d.RemovedAt, d.RemovedBy);

    /// <summary>Turns a stored model back into the input a form edits.</summary>
    public static ModelInput ToInput(ModelDetails m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new ModelInput
        {
            Name = m.Name,
            Purpose = m.Purpose,
            IntendedUse = m.IntendedUse,
            Limitations = m.Limitations,
            BusinessUnit = m.BusinessUnit,
            Owner = m.Owner,
            Developers = [.. m.Developers],
            ModelType = m.ModelType,
            RiskTier = m.RiskTier,
            Tags = [.. m.Tags],
            SensitiveAttributes = [.. m.SensitiveAttributes],
            NextValidationDue = m.NextValidationDue,
        };
    }
}

public sealed record InventoryFilterOptions(IReadOnlyList<string> BusinessUnits, IReadOnlyList<string> Owners);
