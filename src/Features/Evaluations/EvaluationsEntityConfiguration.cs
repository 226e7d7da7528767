using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Evaluations;

// The tables of the evaluations, applied by PortalDbContext's assembly scan (docs/decisions/001-repository-layout.md); every
// provider's migrations are generated from them.

internal sealed class BaselineConfiguration : IEntityTypeConfiguration<Baseline>
{
    public void Configure(EntityTypeBuilder<Baseline> b)
    {
        b.ToTable("Baselines");
        b.HasIndex(x => x.VersionId).IsUnique();
        b.HasOne<ModelVersion>().WithMany().HasForeignKey(x => x.VersionId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.CreatedBy).HasMaxLength(FieldLimits.ShortText);
        b.HasMany(x => x.Features).WithOne().HasForeignKey(f => f.BaselineId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BaselineFeatureConfiguration : IEntityTypeConfiguration<BaselineFeature>
{
    public void Configure(EntityTypeBuilder<BaselineFeature> f)
    {
        f.ToTable("BaselineFeatures");
        f.Property(x => x.Name).HasMaxLength(FieldLimits.ShortText);
    }
}

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<Evaluation>
{
    public void Configure(EntityTypeBuilder<Evaluation> e)
    {
        e.ToTable("Evaluations");
        e.HasIndex(x => new { x.ModelId, x.CreatedAt });
        e.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.Name).HasMaxLength(FieldLimits.Name);
        e.Property(x => x.CreatedBy).HasMaxLength(FieldLimits.ShortText);
    }
}
