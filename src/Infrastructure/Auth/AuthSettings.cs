using System.ComponentModel.DataAnnotations;

namespace ModelOpsPortal.Infrastructure.Auth;

/// <summary>The <c>Auth</c> section of the configuration.</summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";

    public OidcSettings Oidc { get; set; } = new();
}

/// <summary>OpenID Connect against any standard provider (Keycloak, Microsoft Entra ID, Okta).</summary>
public sealed class OidcSettings
{
    /// <summary>The provider's issuer URL, e.g. https://login.example.com/realms/modelops.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Confidential clients only; keep it in an environment variable or a secret store, never in the repository.</summary>
    public string? ClientSecret { get; set; }

    [MinLength(1)]
    public List<string> Scopes { get; set; } = ["openid", "profile", "email"];

    /// <summary>The claim of the ID token that carries the user's roles or groups.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim that holds the user's display name.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>
    /// Provider role or group → portal roles, e.g. <c>"model-risk-team": ["Validator"]</c>. A provider value that
    /// is itself a portal role name passes through unmapped.
    /// </summary>
    public Dictionary<string, List<string>> RoleMapping { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Only a provider on plain HTTP (a local test provider) needs this false.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
