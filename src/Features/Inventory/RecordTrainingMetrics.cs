using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.Validation;
using ModelOpsPortal.Infrastructure.Web;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>
/// Records what the training pipeline measured (for example the validation AUC or the out-of-time KS) on a version, for
/// the version page and the model card to show beside the monitoring figures. Each metric and split is recorded once:
/// the same figure sent again changes nothing, a different one is refused, as a retrained model is a new version.
/// </summary>
public sealed class RecordTrainingMetrics(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, AuditTrail audit)
{
    public const int NameLength = 64;
    public const int MaxPerRequest = 100;

    /// <returns>Every training-time figure of the version after the call, or null when there is no such version.</returns>
    /// <exception cref="InputRejectedException">A metric without a valid name, split or value, one listed twice, or too many.</exception>
    /// <exception cref="ConflictException">A metric and split already recorded with another value.</exception>
    public async Task<IReadOnlyList<TrainingMetricDetails>?> RecordAsync(int modelId, int number, TrainingMetricsInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var metrics = Validate(input.Metrics ?? []);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Two pipelines recording the same figure at once: the second waits here and then finds the first's.
        if (!await db.LockModelAsync(modelId, ct))
        {
            return null;
        }

        var version = await db.Versions.Include(v => v.TrainingMetrics).SingleOrDefaultAsync(v => v.ModelId == modelId && v.Number == number, ct);
        if (version is null)
        {
            return null;
        }

        var added = new List<TrainingMetric>();
        foreach (var (name, split, value) in metrics)
        {
            var recorded = version.TrainingMetrics.SingleOrDefault(m => m.Name == name && m.Split == split);
            if (recorded is not null && recorded.Value.Equals(value))
            {
                continue;
            }

            if (recorded is not null)
            {
                throw new ConflictException(ConflictKind.AlreadyDone, InventoryMessages.Format(InventoryMessages.MetricAlreadyRecorded,
                    name, Wire(split), recorded.Value.ToString("R", CultureInfo.InvariantCulture), recorded.RecordedAt.ToString("u", CultureInfo.InvariantCulture),
                    recorded.RecordedBy, value.ToString("R", CultureInfo.InvariantCulture)));
            }

            var metric = new TrainingMetric { Name = name, Split = split, Value = value, RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedBy = actor.Name };
            version.TrainingMetrics.Add(metric);
            added.Add(metric);
        }

        if (added.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, actor, [new("version.metrics-recorded", AuditEntry.Version, AuditEntry.VersionId(modelId, number),
                After: new { trainingMetrics = added.Select(m => new { m.Name, split = Wire(m.Split), m.Value }) })], ct);
        }

        await transaction.CommitAsync(ct);
        return [.. version.TrainingMetrics.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Split).Select(InventoryMapping.ToDetails)];
    }

    private static string Wire(DatasetSplit split) => EnumWireNames.Name(split);

    private static List<(string Name, DatasetSplit Split, double Value)> Validate(IReadOnlyList<TrainingMetricInput?> metrics)
    {
        if (metrics.Count is 0 or > MaxPerRequest)
        {
            throw InputRejectedException.For("metrics", metrics.Count == 0
                ? InventoryMessages.MetricsEmpty : InventoryMessages.Format(InventoryMessages.MetricsTooMany, MaxPerRequest));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var valid = new List<(string, DatasetSplit, double)>();
        for (var i = 0; i < metrics.Count; i++)
        {
            var metric = metrics[i];
            var name = TextHygiene.Normalize(metric?.Name?.Trim() ?? "");
            var at = string.Create(CultureInfo.InvariantCulture, $"metrics[{i}]");
            var nameProblem = TextHygiene.Problem(name) is { } unclean ? unclean
                : name.Length == 0 ? InventoryMessages.MetricNameRequired
                : name.Length > NameLength ? InventoryMessages.Format(InventoryMessages.MetricNameTooLong, NameLength)
                : null;
            if (nameProblem is not null)
            {
                errors[at + ".name"] = [nameProblem];
            }

            if (metric?.Split is not DatasetSplit split)
            {
                errors[at + ".split"] = [InventoryMessages.Format(InventoryMessages.MetricSplitRequired, string.Join(", ", EnumWireNames.Of(typeof(DatasetSplit))))];
                continue;
            }

            if (metric.Value is not double value || !double.IsFinite(value))
            {
                errors[at + ".value"] = [InventoryMessages.MetricValueRequired];
                continue;
            }

            if (nameProblem is null && valid.FindIndex(m => m.Item1 == name && m.Item2 == split) is var first and >= 0)
            {
                errors[at + ".name"] = [InventoryMessages.Format(InventoryMessages.MetricRepeated, name, Wire(split), first)];
            }
            else if (nameProblem is null)
            {
                valid.Add((name, split, value));
            }
        }

        return errors.Count > 0 ? throw new InputRejectedException(errors) : valid;
    }
}
