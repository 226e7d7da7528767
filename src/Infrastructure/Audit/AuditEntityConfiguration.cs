using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Infrastructure.Audit;

// The tables of audit records, applied by PortalDbContext's assembly scan (docs/decisions/001-repository-layout.md); every
// provider's migrations are generated from them.

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> a)
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
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> h)
    {
        h.ToTable("AuditHead");
        h.Property(x => x.Id).ValueGeneratedNever();
        h.Property(x => x.LastHash).HasMaxLength(64).IsFixedLength();
        h.HasData(new AuditHead { Id = 1, LastSequence = 0, LastHash = AuditTrail.Genesis });
    }
}
