using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ModelOpsPortal.Infrastructure.Data;

/// <summary>
/// ASP.NET Data Protection's keys (which sign the sign-in cookie and antiforgery tokens) live in the portal database,
/// so every instance behind a load balancer reads and writes one key ring, and a restart keeps everyone signed in. The
/// application name is fixed: instances installed in different folders still share the ring. Keys are stored as
/// Data Protection writes them (not encrypted at rest): whoever can read the database can forge a sign-in, as with the
/// file system's default key folder; protect the database accordingly.
/// </summary>
public static class DatabaseKeyRing
{
    public const string ApplicationName = "ModelOpsPortal";

    public static IServiceCollection AddDatabaseKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        return services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new Repository(sp.GetRequiredService<IDbContextFactory<PortalDbContext>>())));
    }

    /// <summary>Reads and adds keys through the context factory (the portal registers no scoped DbContext).</summary>
    private sealed class Repository(IDbContextFactory<PortalDbContext> dbFactory) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var db = dbFactory.CreateDbContext();
            return [.. db.DataProtectionKeys.AsNoTracking().Where(k => k.Xml != null).Select(k => k.Xml!).AsEnumerable().Select(XElement.Parse)];
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var db = dbFactory.CreateDbContext();
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            db.SaveChanges();
        }
    }
}
