namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>
/// One <c>Idempotency-Key</c> a caller has used: what the request was (a fingerprint), whether its work reached the
/// database, and the response to replay. A row without a status code is a request still running, or one whose instance
/// stopped before answering.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; set; }

    /// <summary>Who sent it (the API key's account or the signed-in person): keys are scoped per caller.</summary>
    public string Caller { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>Hex SHA-256 of method, path, query, content type and body: the same key with another request is refused.</summary>
    public string Fingerprint { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>Set in the same transaction as the request's first write, so "carried out" is known even if the answer was lost.</summary>
    public DateTime? WorkSavedAt { get; set; }

    public int? StatusCode { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public byte[]? Body { get; set; }
}
