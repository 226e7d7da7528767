using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Infrastructure.Data;

/// <summary>
/// The portal's model, shared by both providers. Each provider has a sealed derived context with its own
/// migrations (docs/decisions/002-two-database-providers.md). Types are chosen to mean the same on both:
/// UTC DateTime, bounded strings, enums as strings, GUID concurrency stamps.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Data Protection's key ring, shared by every instance (cookies and antiforgery tokens work on any of them).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Model> Models => Set<Model>();
    public DbSet<ModelVersion> Versions => Set<ModelVersion>();
    public DbSet<Deployment> Deployments => Set<Deployment>();
    public DbSet<TrainingMetric> TrainingMetrics => Set<TrainingMetric>();
    public DbSet<VersionTag> VersionTags => Set<VersionTag>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Baseline> Baselines => Set<Baseline>();
    public DbSet<Evaluation> Evaluations => Set<Evaluation>();
    public DbSet<ThresholdRule> ThresholdRules => Set<ThresholdRule>();
    public DbSet<MonitoringAlert> Alerts => Set<MonitoringAlert>();
    public DbSet<DeploymentStatistics> DeploymentStatistics => Set<DeploymentStatistics>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<ModelWebhook> ModelWebhooks => Set<ModelWebhook>();
    public DbSet<LifecycleRequest> Requests => Set<LifecycleRequest>();
    public DbSet<RequestDecision> RequestDecisions => Set<RequestDecision>();
    public DbSet<StageChange> StageChanges => Set<StageChange>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();

    /// <summary>Who has signed in (and the service accounts): stable id and the latest display name.</summary>
    public DbSet<Person> People => Set<Person>();

    /// <summary>The API's remembered <c>Idempotency-Key</c>s and their answers.</summary>
    public DbSet<Web.IdempotencyRecord> IdempotencyRecords => Set<Web.IdempotencyRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<ModelType>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<RiskTier>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ModelLanguage>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<FeatureType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<DatasetSplit>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<VersionStage>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ProductionRole>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<DeploymentTarget>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ThresholdDirection>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AlertLevel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AlertStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AlertKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<DeliveryStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<RequestKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<RequestStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<PreviousChampionFate>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<DecisionKind>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        // Each feature configures its own tables (IEntityTypeConfiguration classes beside its service); the scan keeps
        // this context free of any feature (the architecture tests check that Infrastructure uses none).
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampModifiedRows();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampModifiedRows();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// A new stamp on every update makes a stale writer's UPDATE match no row. Audit events and training-time metrics are
    /// never changed or removed, and neither is a registered version's identity (<see cref="ModelVersion.Identity"/>, its
    /// training data and features).
    /// </summary>
    private void StampModifiedRows()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEvent && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("Audit events are append-only; they cannot be changed or deleted.");
            }

            if (entry.Entity is TrainingMetric or VersionFeature or TrainingDataset && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException($"A registered version's {entry.Metadata.ClrType.Name} is fixed; register a new version instead.");
            }

            if (entry.Entity is ModelVersion && entry.State == EntityState.Modified
                && ModelVersion.Identity.FirstOrDefault(p => entry.Property(p).IsModified) is { } changed)
            {
                throw new InvalidOperationException($"A registered version's {changed} is fixed; register a new version instead.");
            }

            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty(nameof(Domain.Model.ConcurrencyStamp)) is not null)
            {
                entry.Property(nameof(Domain.Model.ConcurrencyStamp)).CurrentValue = Guid.NewGuid();
            }
        }
    }

    /// <summary>Reads every DateTime back as UTC; both providers store it without a zone.</summary>
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>Column lengths, shared by the database model and the input validation.</summary>
public static class FieldLimits
{
    public const int Name = 200;
    public const int ShortText = 100;
    public const int LongText = 4000;
    public const int Uri = 1000;
    public const int Hyperparameters = 16000;
    public const int ListItem = 100;

    /// <summary>A person's stable id: an OpenID subject is at most 255 ASCII characters; Entra's tenant/object id is 73.</summary>
    public const int PersonId = 255;

    public const int Email = 320;
}
