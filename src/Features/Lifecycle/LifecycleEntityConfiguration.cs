using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

// The tables of the lifecycle, applied by PortalDbContext's assembly scan (docs/decisions/001-repository-layout.md); every
// provider's migrations are generated from them.

internal sealed class LifecycleRequestConfiguration : IEntityTypeConfiguration<LifecycleRequest>
{
    public void Configure(EntityTypeBuilder<LifecycleRequest> r)
    {
        r.ToTable("Requests");
        r.HasIndex(x => new { x.ModelId, x.VersionNumber, x.Kind, x.Status });
        r.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
        r.Property(x => x.Justification).HasMaxLength(FieldLimits.LongText);
        r.Property(x => x.RequestedBy).HasMaxLength(FieldLimits.ShortText);
        r.Property(x => x.RequestedById).HasMaxLength(FieldLimits.PersonId);
        r.Property(x => x.ClosedBy).HasMaxLength(FieldLimits.ShortText);
        r.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
        // At most one open request of a kind per version, even when two arrive at the same moment.
        r.HasIndex(x => new { x.ModelId, x.VersionNumber, x.Kind }).IsUnique()
            .HasFilter("\"Status\" = 'Open'").HasDatabaseName("UX_Requests_OneOpenPerKind");
        r.HasIndex(x => new { x.Status, x.RequestedAt });
        // A model's approved (or open) requests: the KPI sets' revalidation and retirement checks.
        r.HasIndex(x => new { x.ModelId, x.Status, x.Kind });
        // Computed per provider (see ProviderContexts); ordered per kind for the cycle-time percentiles.
        r.Property(x => x.DecisionDays).ValueGeneratedOnAddOrUpdate();
        r.HasIndex(x => new { x.Kind, x.DecisionDays });
        r.HasMany(x => x.Decisions).WithOne().HasForeignKey(d => d.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestDecisionConfiguration : IEntityTypeConfiguration<RequestDecision>
{
    public void Configure(EntityTypeBuilder<RequestDecision> d)
    {
        d.ToTable("RequestDecisions");
        d.Property(x => x.Decider).HasMaxLength(FieldLimits.ShortText);
        d.Property(x => x.DeciderId).HasMaxLength(FieldLimits.PersonId);
        d.Property(x => x.Comment).HasMaxLength(FieldLimits.LongText);
        d.Property(x => x.FairnessOverride).HasMaxLength(FieldLimits.LongText);
    }
}

internal sealed class StageChangeConfiguration : IEntityTypeConfiguration<StageChange>
{
    public void Configure(EntityTypeBuilder<StageChange> c)
    {
        c.ToTable("StageChanges");
        c.HasIndex(x => new { x.ModelId, x.VersionNumber, x.ChangedAt });
        // Covers a model's first move to a stage (time to production, the KPI sets) and whether a version ever
        // reached one (versions reached production): one seek per model or version, no row read.
        c.HasIndex(x => new { x.ModelId, x.ToStage, x.VersionNumber, x.ChangedAt });
        c.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
        c.Property(x => x.FromStage).HasConversion<string>().HasMaxLength(24);
        c.Property(x => x.ToStage).HasConversion<string>().HasMaxLength(24);
        c.Property(x => x.FromRole).HasConversion<string>().HasMaxLength(16);
        c.Property(x => x.ToRole).HasConversion<string>().HasMaxLength(16);
        c.Property(x => x.ChangedBy).HasMaxLength(FieldLimits.ShortText);
    }
}
