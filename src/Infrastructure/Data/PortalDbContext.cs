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
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Baseline> Baselines => Set<Baseline>();
    public DbSet<Evaluation> Evaluations => Set<Evaluation>();
    public DbSet<ThresholdRule> ThresholdRules => Set<ThresholdRule>();
    public DbSet<MonitoringAlert> Alerts => Set<MonitoringAlert>();
    public DbSet<DeploymentStatistics> DeploymentStatistics => Set<DeploymentStatistics>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
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

        modelBuilder.Entity<Model>(m =>
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
        });

        modelBuilder.Entity<ModelVersion>(v =>
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
        });

        modelBuilder.Entity<VersionFeature>(f =>
        {
            f.ToTable("VersionFeatures");
            f.Property(x => x.Name).HasMaxLength(FieldLimits.ShortText);
            f.HasIndex(x => new { x.VersionId, x.Name }).IsUnique();
        });

        modelBuilder.Entity<ApiKey>(k =>
        {
            k.ToTable("ApiKeys");
            k.Property(x => x.Owner).HasMaxLength(FieldLimits.ShortText);
            k.Property(x => x.KeySha256).HasMaxLength(64).IsFixedLength(false);
            k.HasIndex(x => x.KeySha256).IsUnique();
            k.Property(x => x.Prefix).HasMaxLength(16);
            k.Property(x => x.CreatedBy).HasMaxLength(FieldLimits.ShortText);
            k.Property(x => x.RevokedBy).HasMaxLength(FieldLimits.ShortText);
        });

        modelBuilder.Entity<Baseline>(b =>
        {
            b.ToTable("Baselines");
            b.HasIndex(x => x.VersionId).IsUnique();
            b.HasOne<ModelVersion>().WithMany().HasForeignKey(x => x.VersionId).OnDelete(DeleteBehavior.Restrict);
            b.Property(x => x.CreatedBy).HasMaxLength(FieldLimits.ShortText);
            b.HasMany(x => x.Features).WithOne().HasForeignKey(f => f.BaselineId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<BaselineFeature>(f =>
        {
            f.ToTable("BaselineFeatures");
            f.Property(x => x.Name).HasMaxLength(FieldLimits.ShortText);
        });

        modelBuilder.Entity<Evaluation>(e =>
        {
            e.ToTable("Evaluations");
            e.HasIndex(x => new { x.ModelId, x.CreatedAt });
            e.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.Name).HasMaxLength(FieldLimits.Name);
            e.Property(x => x.CreatedBy).HasMaxLength(FieldLimits.ShortText);
        });

        modelBuilder.Entity<ThresholdRule>(r =>
        {
            r.ToTable("ThresholdRules");
            r.HasIndex(x => x.ModelId);
            r.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
            r.Property(x => x.Metric).HasMaxLength(32);
            r.Property(x => x.UpdatedBy).HasMaxLength(FieldLimits.ShortText);
        });

        modelBuilder.Entity<MonitoringAlert>(a =>
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
        });

        modelBuilder.Entity<DeploymentStatistics>(s =>
        {
            s.ToTable("DeploymentStatistics");
            s.HasIndex(x => new { x.DeploymentId, x.PeriodStart });
            s.HasOne<Deployment>().WithMany().HasForeignKey(x => x.DeploymentId).OnDelete(DeleteBehavior.Restrict);
            s.Property(x => x.ReportedBy).HasMaxLength(FieldLimits.ShortText);
            s.Ignore(x => x.ErrorRate);
        });

        modelBuilder.Entity<WebhookDelivery>(w =>
        {
            w.ToTable("WebhookDeliveries");
            w.HasIndex(x => new { x.Status, x.NextAttemptAt });
            w.Property(x => x.EventType).HasMaxLength(64);
            w.Property(x => x.LastError).HasMaxLength(FieldLimits.LongText);
            w.Property(x => x.LockedBy).HasMaxLength(FieldLimits.ShortText);
        });

        modelBuilder.Entity<LifecycleRequest>(r =>
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
        });

        modelBuilder.Entity<RequestDecision>(d =>
        {
            d.ToTable("RequestDecisions");
            d.Property(x => x.Decider).HasMaxLength(FieldLimits.ShortText);
            d.Property(x => x.DeciderId).HasMaxLength(FieldLimits.PersonId);
            d.Property(x => x.Comment).HasMaxLength(FieldLimits.LongText);
            d.Property(x => x.FairnessOverride).HasMaxLength(FieldLimits.LongText);
        });

        modelBuilder.Entity<AuditEvent>(a =>
        {
            a.ToTable("AuditEvents");
            a.HasKey(x => x.Sequence);
            a.Property(x => x.Sequence).ValueGeneratedNever();
            a.Property(x => x.Actor).HasMaxLength(FieldLimits.ShortText);
            a.Property(x => x.ActorId).HasMaxLength(FieldLimits.PersonId);
            a.HasIndex(x => x.ActorId);
            a.Property(x => x.ActorRoles).HasMaxLength(FieldLimits.ShortText);
            a.Property(x => x.Action).HasMaxLength(64);
            a.Property(x => x.EntityType).HasMaxLength(32);
            a.Property(x => x.EntityId).HasMaxLength(64);
            a.Property(x => x.PreviousHash).HasMaxLength(64).IsFixedLength();
            a.Property(x => x.Hash).HasMaxLength(64).IsFixedLength();
            a.HasIndex(x => new { x.EntityType, x.EntityId });
            a.HasIndex(x => x.Actor);
            a.HasIndex(x => x.Action);
            a.HasIndex(x => x.OccurredAt);
        });

        modelBuilder.Entity<Web.IdempotencyRecord>(r =>
        {
            r.ToTable("IdempotencyRecords");
            r.HasIndex(x => new { x.Caller, x.Key }).IsUnique();
            r.HasIndex(x => x.ExpiresAt);
            r.Property(x => x.Caller).HasMaxLength(FieldLimits.Name);
            r.Property(x => x.Key).HasMaxLength(255);
            r.Property(x => x.Fingerprint).HasMaxLength(64).IsFixedLength();
            r.Property(x => x.ContentType).HasMaxLength(200);
            r.Property(x => x.Location).HasMaxLength(FieldLimits.Uri);
        });

        modelBuilder.Entity<Person>(p =>
        {
            p.ToTable("People");
            p.HasKey(x => x.Id);
            p.Property(x => x.Id).HasMaxLength(FieldLimits.PersonId);
            p.Property(x => x.DisplayName).HasMaxLength(FieldLimits.ShortText);
            p.Property(x => x.Email).HasMaxLength(FieldLimits.Email);
            // Names are looked up when a model names its owner and developers.
            p.HasIndex(x => x.DisplayName);
        });

        modelBuilder.Entity<AuditHead>(h =>
        {
            h.ToTable("AuditHead");
            h.Property(x => x.Id).ValueGeneratedNever();
            h.Property(x => x.LastHash).HasMaxLength(64).IsFixedLength();
            h.HasData(new AuditHead { Id = 1, LastSequence = 0, LastHash = Audit.AuditTrail.Genesis });
        });

        modelBuilder.Entity<StageChange>(c =>
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
        });

        modelBuilder.Entity<Deployment>(d =>
        {
            d.ToTable("Deployments");
            d.Property(x => x.Environment).HasMaxLength(50);
            d.Property(x => x.Endpoint).HasMaxLength(FieldLimits.Uri);
            d.Property(x => x.DeployedBy).HasMaxLength(FieldLimits.ShortText);
            d.Property(x => x.RemovedBy).HasMaxLength(FieldLimits.ShortText);
            d.Ignore(x => x.IsLive);
        });
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

    /// <summary>A new stamp on every update makes a stale writer's UPDATE match no row. Audit events are never changed or removed.</summary>
    private void StampModifiedRows()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEvent && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("Audit events are append-only; they cannot be changed or deleted.");
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
