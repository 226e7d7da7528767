using System.Text.Json.Nodes;
using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>Stored models, versions and deployments as the pages and the API show them, and a model back as the input a form edits.</summary>
public static class InventoryMapping
{
    public static ModelDetails ToDetails(Model m) => new(
        m.Id, m.Name, m.Purpose, m.IntendedUse, m.Limitations, m.BusinessUnit, m.Owner, m.Developers, m.ModelType, m.RiskTier,
        m.Tags, m.SensitiveAttributes, m.CreatedAt, m.CreatedBy, m.UpdatedAt, m.UpdatedBy, m.NextValidationDue, m.ConcurrencyStamp,
        m.Champion?.Number,
        m.Versions.OrderByDescending(v => v.Number)
            .Select(v => new VersionSummary(v.Number, v.Algorithm, v.Language, v.Framework, v.Stage, v.ProductionRole, v.CreatedAt, v.CreatedBy, v.ParentVersion))
            .ToList(),
        m.Versions.SelectMany(v => v.Deployments.Select(d => ToDetails(d, v.Number))).OrderByDescending(d => d.DeployedAt).ToList(),
        OwnerId: m.OwnerId, DeveloperIds: m.DeveloperIds);

    public static VersionDetails ToDetails(ModelVersion v) => new(
        v.ModelId, v.Model?.Name ?? "", v.Number, v.Algorithm, v.Language, v.Framework, v.ArtifactUri, v.ArtifactSha256,
        new DatasetDetails(v.TrainingDataset.Name, v.TrainingDataset.Uri, v.TrainingDataset.Sha256, v.TrainingDataset.Rows, v.TrainingDataset.SnapshotDate),
        v.CodeRepository, v.CodeCommit,
        JsonNode.Parse(v.HyperparametersJson) as JsonObject ?? [],
        v.Features.OrderBy(f => f.Ordinal).Select(f => new FeatureDetails(f.Name, f.Type)).ToList(),
        v.ParentVersion, v.CreatedAt, v.CreatedBy, v.Stage, v.ProductionRole,
        v.Deployments.OrderByDescending(d => d.DeployedAt).Select(d => ToDetails(d, v.Number)).ToList(),
        [.. v.TrainingMetrics.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Split).Select(ToDetails)],
        v.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal));

    public static TrainingMetricDetails ToDetails(TrainingMetric m) => new(m.Name, m.Split, m.Value, m.RecordedAt, m.RecordedBy);

    public static DeploymentDetails ToDetails(Deployment d, int versionNumber) =>
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
