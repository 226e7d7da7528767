using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Portfolio;

/// <summary>The projection of a model to its grid row (stage, champion, alerts, ...), with the grid's filters and sorts, all in SQL.</summary>
public static class PortfolioRows
{
    // Member-init (not a constructor) so that EF can filter and sort on the derived columns in SQL.
    public static IQueryable<PortfolioRow> Of(PortalDbContext db, IQueryable<Model> models) =>
        models.Select(m => new PortfolioRow
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

    public static IQueryable<PortfolioRow> Filter(IQueryable<PortfolioRow> rows, InventoryQuery q)
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

    public static IQueryable<PortfolioRow> Sort(IQueryable<PortfolioRow> rows, InventoryQuery q)
    {
        IOrderedQueryable<PortfolioRow> ordered = q.Sort switch
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

    private static IOrderedQueryable<PortfolioRow> By<TKey>(IQueryable<PortfolioRow> rows, Expression<Func<PortfolioRow, TKey>> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);

    public static IQueryable<ModelSummary> ToSummaries(IQueryable<PortfolioRow> rows) =>
        rows.Select(r => new ModelSummary(r.Id, r.Name, r.BusinessUnit, r.Owner, r.ModelType, r.RiskTier, r.Stage, r.ChampionVersion,
            r.ChallengerCount, r.VersionCount, r.LatestLanguage, r.UpdatedAt, r.NextValidationDue, r.OpenAlerts, r.RetrainingRecommended, r.WithoutChampion));
}

/// <summary>A model with the derived columns the grid filters and sorts on, and the KPI sets count with.</summary>
public sealed class PortfolioRow
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
