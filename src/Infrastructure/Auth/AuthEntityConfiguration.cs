using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Infrastructure.Auth;

// The tables of auth records, applied by PortalDbContext's assembly scan (docs/decisions/001-repository-layout.md); every
// provider's migrations are generated from them.

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> p)
    {
        p.ToTable("People");
        p.HasKey(x => x.Id);
        p.Property(x => x.Id).HasMaxLength(FieldLimits.PersonId);
        p.Property(x => x.DisplayName).HasMaxLength(FieldLimits.ShortText);
        p.Property(x => x.Email).HasMaxLength(FieldLimits.Email);
        // Names are looked up when a model names its owner and developers.
        p.HasIndex(x => x.DisplayName);
    }
}
