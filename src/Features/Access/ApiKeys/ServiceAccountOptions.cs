using System.ComponentModel.DataAnnotations;

namespace ModelOpsPortal.Features.Access.ApiKeys;

/// <summary>
/// Service accounts declared in configuration (<c>Portal:ServiceAccounts</c>), for automation that cannot wait
/// for an Admin to create a key in the UI. Only the SHA-256 of each key is configured.
/// </summary>
public sealed class ServiceAccountSettings
{
    public const string Section = "Portal";

    public List<ServiceAccount> ServiceAccounts { get; set; } = [];
}

public sealed class ServiceAccount
{
    [Required]
    public string Name { get; set; } = "";

    [MinLength(1)]
    public List<string> Roles { get; set; } = [];

    [Required]
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "KeySha256 must be the 64 hex characters of the SHA-256 of the key.")]
    public string KeySha256 { get; set; } = "";
}
