using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Access;

// The tables of the access, applied by PortalDbContext's assembly scan (docs/decisions/001-repository-layout.md); every
// provider's migrations are generated from them.

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> k)
    {
        k.ToTable("ApiKeys");
        k.Property(x => x.Owner).HasMaxLength(FieldLimits.ShortText);
        k.Property(x => x.KeySha256).HasMaxLength(64).IsFixedLength(false);
        k.HasIndex(x => x.KeySha256).IsUnique();
        k.Property(x => x.Prefix).HasMaxLength(16);
        k.Property(x => x.CreatedBy).HasMaxLength(FieldLimits.ShortText);
        k.Property(x => x.RevokedBy).HasMaxLength(FieldLimits.ShortText);
    }
}
