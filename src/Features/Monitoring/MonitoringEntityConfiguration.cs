using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Monitoring;

// The tables of the monitoring, applied by PortalDbContext's assembly scan (docs/decisions/001-repository-layout.md); every
// provider's migrations are generated from them.

internal sealed class ThresholdRuleConfiguration : IEntityTypeConfiguration<ThresholdRule>
{
    public void Configure(EntityTypeBuilder<ThresholdRule> r)
    {
        r.ToTable("ThresholdRules");
        r.HasIndex(x => x.ModelId);
        r.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
        r.Property(x => x.Metric).HasMaxLength(32);
        r.Property(x => x.UpdatedBy).HasMaxLength(FieldLimits.ShortText);
    }
}

internal sealed class MonitoringAlertConfiguration : IEntityTypeConfiguration<MonitoringAlert>
{
    public void Configure(EntityTypeBuilder<MonitoringAlert> a)
    {
        a.ToTable("Alerts");
        a.HasIndex(x => new { x.ModelId, x.Status });
        a.HasIndex(x => new { x.Status, x.RaisedAt });
        a.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
        a.HasOne<Evaluation>().WithMany().HasForeignKey(x => x.EvaluationId).OnDelete(DeleteBehavior.Restrict);
        a.HasOne<Deployment>().WithMany().HasForeignKey(x => x.DeploymentId).OnDelete(DeleteBehavior.Restrict);
        a.Property(x => x.Metric).HasMaxLength(32);
        a.Property(x => x.Feature).HasMaxLength(FieldLimits.ShortText);
        a.Property(x => x.AcknowledgedBy).HasMaxLength(FieldLimits.ShortText);
        a.Property(x => x.AcknowledgeComment).HasMaxLength(FieldLimits.LongText);
        a.Property(x => x.ResolvedBy).HasMaxLength(FieldLimits.ShortText);
        a.Property(x => x.ResolveComment).HasMaxLength(FieldLimits.LongText);
    }
}

internal sealed class DeploymentStatisticsConfiguration : IEntityTypeConfiguration<DeploymentStatistics>
{
    public void Configure(EntityTypeBuilder<DeploymentStatistics> s)
    {
        s.ToTable("DeploymentStatistics");
        s.HasIndex(x => new { x.DeploymentId, x.PeriodStart });
        s.HasOne<Deployment>().WithMany().HasForeignKey(x => x.DeploymentId).OnDelete(DeleteBehavior.Restrict);
        s.Property(x => x.ReportedBy).HasMaxLength(FieldLimits.ShortText);
        s.Ignore(x => x.ErrorRate);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> w)
    {
        w.ToTable("WebhookDeliveries");
        w.HasIndex(x => new { x.Status, x.NextAttemptAt });
        w.Property(x => x.EventType).HasMaxLength(64);
        w.Property(x => x.LastError).HasMaxLength(FieldLimits.LongText);
        w.Property(x => x.LockedBy).HasMaxLength(FieldLimits.ShortText);
        // A removed subscription takes its pending deliveries with it.
        w.HasOne<ModelWebhook>().WithMany().HasForeignKey(x => x.ModelWebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ModelWebhookConfiguration : IEntityTypeConfiguration<ModelWebhook>
{
    public void Configure(EntityTypeBuilder<ModelWebhook> w)
    {
        w.ToTable("ModelWebhooks");
        w.HasIndex(x => x.ModelId).IsUnique();
        w.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
        w.Property(x => x.Url).HasMaxLength(FieldLimits.Uri);
        w.Property(x => x.ProtectedSecret).HasMaxLength(FieldLimits.LongText);
        w.Property(x => x.CreatedBy).HasMaxLength(FieldLimits.ShortText);
    }
}
