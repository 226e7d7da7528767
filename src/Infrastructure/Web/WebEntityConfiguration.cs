using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Infrastructure.Web;

// The tables of web records, applied by PortalDbContext's assembly scan (docs/decisions/001-repository-layout.md); every
// provider's migrations are generated from them.

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> r)
    {
        r.ToTable("IdempotencyRecords");
        r.HasIndex(x => new { x.Caller, x.Key }).IsUnique();
        r.HasIndex(x => x.ExpiresAt);
        r.Property(x => x.Caller).HasMaxLength(FieldLimits.Name);
        r.Property(x => x.Key).HasMaxLength(255);
        r.Property(x => x.Fingerprint).HasMaxLength(64).IsFixedLength();
        r.Property(x => x.ContentType).HasMaxLength(200);
        r.Property(x => x.Location).HasMaxLength(FieldLimits.Uri);
    }
}
