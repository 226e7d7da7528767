namespace ModelOpsPortal.Domain;

/// <summary>
/// A key a pipeline presents as <c>Authorization: Bearer &lt;key&gt;</c>. Only the SHA-256 of the key is stored;
/// the key itself is shown once, when it is created.
/// </summary>
public sealed class ApiKey
{
    public int Id { get; private set; }
    public string Owner { get; set; } = "";
    public List<string> Roles { get; set; } = [];
    public string KeySha256 { get; set; } = "";
    /// <summary>The first characters of the key, so that people can tell keys apart.</summary>
    public string Prefix { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public bool IsActive(DateTime now) => RevokedAt is null && ExpiresAt > now;
}
