using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Telemetry;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>
/// A version's reference profile for drift: reads the training (or reference) batch, checks every value (errors name the
/// line and the column), and stores only the profile (bins, sorted values, category shares), replacing the last one.
/// </summary>
public sealed class UploadBaseline(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditTrail audit, PortalTelemetry telemetry)
{
    /// <returns>The stored profile, or null when the model or version does not exist.</returns>
    public async Task<BaselineSummary?> UploadBaselineAsync(int modelId, int versionNumber, Stream csv, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.Versions.Include(v => v.Features).SingleOrDefaultAsync(v => v.ModelId == modelId && v.Number == versionNumber, ct);
        if (version is null)
        {
            return null;
        }

        using var activity = PortalTelemetry.Activities.StartActivity("Store baseline");
        activity?.SetTag("modelops.model.id", modelId).SetTag("modelops.version", versionNumber);
        var started = Stopwatch.GetTimestamp();
        var batch = await EvaluationBatch.ReadAsync(csv, version.Features, sensitive: [], requireScore: false, binary: false, ct);
        activity?.SetTag("modelops.batch.rows", batch.Rows);
        // The baseline replaces the drift reference of every feature: one without them would silently end drift monitoring.
        var missing = version.Features.OrderBy(f => f.Ordinal).Select(f => f.Name)
            .Where(n => !batch.Numeric.ContainsKey(n) && !batch.Categorical.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw EvaluationBatch.Problem(EvaluationMessages.Format(EvaluationMessages.BaselineMissesFeatures, versionNumber, string.Join(", ", missing)));
        }
        var baseline = new Baseline { VersionId = version.Id, RowCount = batch.Rows, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = actor.Name };
        foreach (var (name, values) in batch.Numeric)
        {
            var profile = NumericBaseline.From(values);
            baseline.Features.Add(new BaselineFeature
            {
                Name = name,
                Type = FeatureType.Numeric,
                EdgesJson = JsonSerializer.Serialize(profile.Edges),
                SortedValues = MemoryMarshal.AsBytes(profile.SortedValues.AsSpan()).ToArray(),
            });
        }

        foreach (var (name, values) in batch.Categorical)
        {
            baseline.Features.Add(new BaselineFeature
            {
                Name = name,
                Type = FeatureType.Categorical,
                CategoriesJson = JsonSerializer.Serialize(CategoricalBaseline.From(values).Proportions),
            });
        }

        // A new baseline replaces the old one, in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Baselines.Where(b => b.VersionId == version.Id).ExecuteDeleteAsync(ct);
        db.Baselines.Add(baseline);
        await db.SaveChangesAsync(ct);
        var summary = new BaselineSummary(versionNumber, batch.Rows, [.. batch.Numeric.Keys], [.. batch.Categorical.Keys], baseline.CreatedAt, actor.Name);
        await audit.AppendAsync(db, actor, [new("baseline.uploaded", AuditEntry.Version, AuditEntry.VersionId(modelId, versionNumber),
            After: summary)], ct);
        await transaction.CommitAsync(ct);
        telemetry.BatchStored("baseline", batch.Rows, Stopwatch.GetElapsedTime(started));
        return summary;
    }
}
