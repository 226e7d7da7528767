using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Inventory;

// The tables of the inventory, applied by PortalDbContext's assembly scan (docs/decisions/001-repository-layout.md); every
// provider's migrations are generated from them.

internal sealed class ModelConfiguration : IEntityTypeConfiguration<Model>
{
    public void Configure(EntityTypeBuilder<Model> m)
    {
        m.ToTable("Models");
        m.Property(x => x.Name).HasMaxLength(FieldLimits.Name).IsRequired();
        m.HasIndex(x => x.Name).IsUnique();
        m.Property(x => x.Purpose).HasMaxLength(FieldLimits.LongText);
        m.Property(x => x.IntendedUse).HasMaxLength(FieldLimits.LongText);
        m.Property(x => x.Limitations).HasMaxLength(FieldLimits.LongText);
        m.Property(x => x.BusinessUnit).HasMaxLength(FieldLimits.ShortText);
        m.HasIndex(x => x.BusinessUnit);
        m.Property(x => x.Owner).HasMaxLength(FieldLimits.ShortText);
        m.HasIndex(x => x.Owner);
        m.Property(x => x.OwnerId).HasMaxLength(FieldLimits.PersonId);
        m.Ignore(x => x.OwnerRef);
        m.Ignore(x => x.DeveloperRefs);
        m.HasIndex(x => x.RiskTier);
        m.Property(x => x.CreatedBy).HasMaxLength(FieldLimits.ShortText);
        m.Property(x => x.UpdatedBy).HasMaxLength(FieldLimits.ShortText);
        m.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
        m.Ignore(x => x.Champion);
        m.HasMany(x => x.Versions).WithOne(v => v.Model).HasForeignKey(v => v.ModelId).OnDelete(DeleteBehavior.Restrict);
        m.Navigation(x => x.Versions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> v)
    {
        v.ToTable("ModelVersions");
        v.HasIndex(x => new { x.ModelId, x.Number }).IsUnique();
        // At most one champion per model at any moment, enforced by the database itself.
        // Double-quoted identifiers are standard SQL and valid on SQLite and on SQL Server
        // (QUOTED_IDENTIFIER is ON for every SqlClient connection and required for filtered indexes).
        v.HasIndex(x => x.ModelId)
            .IsUnique()
            .HasFilter("\"ProductionRole\" = 'Champion'")
            .HasDatabaseName("UX_ModelVersions_OneChampionPerModel");
        v.HasIndex(x => x.Stage);
        // Per-model stage lookups (the inventory's stage, the KPI sets): without it SQLite's planner, which has no
        // statistics, may pick the Stage index and scan every production version for each model.
        v.HasIndex(x => new { x.ModelId, x.Stage });
        // Per-model role lookups (challengers, the champion's snapshot): the covering index skips the rows.
        v.HasIndex(x => new { x.ModelId, x.ProductionRole });
        v.HasIndex(x => x.Language);
        v.Property(x => x.Algorithm).HasMaxLength(FieldLimits.ShortText);
        v.Property(x => x.Framework).HasMaxLength(FieldLimits.ShortText);
        v.Property(x => x.ArtifactUri).HasMaxLength(FieldLimits.Uri);
        v.Property(x => x.ArtifactSha256).HasMaxLength(64);
        v.Property(x => x.CodeRepository).HasMaxLength(FieldLimits.Uri);
        v.Property(x => x.CodeCommit).HasMaxLength(64);
        v.Property(x => x.HyperparametersJson).HasMaxLength(FieldLimits.Hyperparameters);
        v.Property(x => x.CreatedBy).HasMaxLength(FieldLimits.ShortText);
        v.Property(x => x.CreatedById).HasMaxLength(FieldLimits.PersonId);
        v.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
        v.OwnsOne(x => x.TrainingDataset, d =>
        {
            d.Property(x => x.Name).HasMaxLength(FieldLimits.Name).HasColumnName("DatasetName");
            d.Property(x => x.Uri).HasMaxLength(FieldLimits.Uri).HasColumnName("DatasetUri");
            d.Property(x => x.Sha256).HasMaxLength(64).HasColumnName("DatasetSha256");
            d.Property(x => x.Rows).HasColumnName("DatasetRows");
            d.Property(x => x.SnapshotDate).HasColumnName("DatasetSnapshotDate");
            d.HasIndex(x => x.Name);
        });
        v.Navigation(x => x.TrainingDataset).IsRequired();
        v.HasMany(x => x.Features).WithOne().HasForeignKey(f => f.VersionId).OnDelete(DeleteBehavior.Cascade);
        v.HasMany(x => x.Deployments).WithOne(d => d.Version).HasForeignKey(d => d.VersionId).OnDelete(DeleteBehavior.Restrict);
        v.HasMany(x => x.TrainingMetrics).WithOne().HasForeignKey(m => m.VersionId).OnDelete(DeleteBehavior.Restrict);
        v.HasMany(x => x.Tags).WithOne().HasForeignKey(t => t.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TrainingMetricConfiguration : IEntityTypeConfiguration<TrainingMetric>
{
    public void Configure(EntityTypeBuilder<TrainingMetric> m)
    {
        m.ToTable("TrainingMetrics");
        m.Property(x => x.Name).HasMaxLength(RecordTrainingMetrics.NameLength);
        m.Property(x => x.RecordedBy).HasMaxLength(FieldLimits.ShortText);
        // One figure per metric and split: the database refuses a second even when two pipelines race past the check.
        m.HasIndex(x => new { x.VersionId, x.Name, x.Split }).IsUnique();
    }
}

internal sealed class VersionTagConfiguration : IEntityTypeConfiguration<VersionTag>
{
    public void Configure(EntityTypeBuilder<VersionTag> t)
    {
        t.ToTable("VersionTags");
        t.Property(x => x.Key).HasMaxLength(SetVersionTags.KeyLength);
        t.Property(x => x.Value).HasMaxLength(SetVersionTags.ValueLength);
        t.HasIndex(x => new { x.VersionId, x.Key }).IsUnique();
    }
}

internal sealed class VersionFeatureConfiguration : IEntityTypeConfiguration<VersionFeature>
{
    public void Configure(EntityTypeBuilder<VersionFeature> f)
    {
        f.ToTable("VersionFeatures");
        f.Property(x => x.Name).HasMaxLength(FieldLimits.ShortText);
        f.HasIndex(x => new { x.VersionId, x.Name }).IsUnique();
    }
}

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> d)
    {
        d.ToTable("Deployments");
        d.Property(x => x.Environment).HasMaxLength(50);
        d.Property(x => x.Endpoint).HasMaxLength(FieldLimits.Uri);
        d.Property(x => x.DeployedBy).HasMaxLength(FieldLimits.ShortText);
        d.Property(x => x.RemovedBy).HasMaxLength(FieldLimits.ShortText);
        d.Ignore(x => x.IsLive);
    }
}
