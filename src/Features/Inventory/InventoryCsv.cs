using ModelOpsPortal.Features.Portfolio;
using ModelOpsPortal.Infrastructure.Csv;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>The inventory grid as CSV, with the columns the grid shows.</summary>
public static class InventoryCsv
{
    public static async Task WriteAsync(IAsyncEnumerable<ModelSummary> rows, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var csv = new CsvWriter(output);
        await csv.WriteRowAsync("id", "name", "business_unit", "owner", "model_type", "risk_tier", "stage", "champion_version",
            "challengers", "versions", "latest_language", "updated_at_utc", "next_validation_due",
            "open_alerts", "retraining_recommended");
        await foreach (var m in rows.WithCancellation(ct))
        {
            await csv.WriteRowAsync(m.Id, m.Name, m.BusinessUnit, m.Owner, m.ModelType, m.RiskTier, m.Stage, m.ChampionVersion,
                m.ChallengerCount, m.VersionCount, m.LatestLanguage, m.UpdatedAt, m.NextValidationDue,
                m.OpenAlerts, m.RetrainingRecommended);
        }
    }
}
