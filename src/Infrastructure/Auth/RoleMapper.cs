using System.Security.Claims;
using System.Text.Json;

namespace ModelOpsPortal.Infrastructure.Auth;

/// <summary>Turns a provider's role or group claims into portal roles, as configured.</summary>
public static class RoleMapper
{
    public static IReadOnlyList<string> Map(IEnumerable<Claim> claims, OidcSettings settings)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(settings);
        var values = claims.Where(c => c.Type == settings.RoleClaim).SelectMany(c => Values(c.Value));
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (settings.RoleMapping.TryGetValue(value, out var mapped))
            {
                roles.UnionWith(mapped.Where(r => PortalRoles.All.Contains(r)));
            }
            else if (PortalRoles.All.FirstOrDefault(r => string.Equals(r, value, StringComparison.OrdinalIgnoreCase)) is { } role)
            {
                roles.Add(role);
            }
        }

        return [.. roles];
    }

    /// <summary>Providers send roles as repeated claims or as one JSON array.</summary>
    private static IEnumerable<string> Values(string value)
    {
        if (value.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(value) ?? [];
            }
            catch (JsonException)
            {
                return [value];
            }
        }

        return [value];
    }
}
