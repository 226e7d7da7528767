using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Features.Portfolio.Engine;
using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>The drill-down's query parameters (<c>kpi=open-alerts</c>, <c>quarter=2026Q3</c>) read the same way by the API and the inventory page.</summary>
public static class KpiQuery
{
    /// <exception cref="InputRejectedException">Not a KPI set's name.</exception>
    public static KpiSet? Set(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : KpiSelection.TryParse(text, out var set) ? set
        : throw InputRejectedException.For("kpi", InventoryMessages.Format(InventoryMessages.UnknownSet, text, string.Join(", ", Enum.GetValues<KpiSet>().Select(KpiSelection.Name))));

    /// <exception cref="InputRejectedException">Not written like 2026Q3.</exception>
    public static Quarter? Quarter(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : Portfolio.Engine.Quarter.TryParse(text.Trim(), out var quarter) ? quarter
        : throw InputRejectedException.For("quarter", InventoryMessages.Format(InventoryMessages.BadQuarter, text));
}
