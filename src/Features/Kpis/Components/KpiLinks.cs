using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Kpis.Engine;

namespace ModelOpsPortal.Features.Kpis.Components;

/// <summary>Drill-down addresses: the inventory filtered to the models behind a figure, with the dashboard's own filters.</summary>
public static class KpiLinks
{
    public static string Models(KpiFilter filter, KpiSet? set = null, Quarter? quarter = null, VersionStage? stage = null, RiskTier? tier = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = new List<string>();
        if (set is KpiSet s)
        {
            query.Add("kpi=" + KpiSelection.Name(s));
        }

        if (quarter is Quarter q)
        {
            query.Add("quarter=" + q);
        }

        if (stage is VersionStage st)
        {
            query.Add("stage=" + st);
        }

        if (filter.BusinessUnit is { } unit)
        {
            query.Add("businessUnit=" + Uri.EscapeDataString(unit));
        }

        if ((tier ?? filter.RiskTier) is RiskTier t)
        {
            query.Add("riskTier=" + t);
        }

        return query.Count == 0 ? "/models" : "/models?" + string.Join('&', query);
    }
}
