namespace ModelOpsPortal.Domain;

/// <summary>
/// One append-only entry of the audit log: who did what to which item, before and after, chained to the previous entry
/// by a SHA-256 hash over that entry's hash and this entry's canonical form (docs/decisions/009-audit-hash-chain.md).
/// </summary>
public sealed class AuditEvent
{
    public long Sequence { get; set; }
    public DateTime OccurredAt { get; set; }
    public string Actor { get; set; } = "";

    /// <summary>The actor's stable id (see <see cref="Person"/>); null for events recorded before ids were kept.</summary>
    public string? ActorId { get; set; }

    /// <summary>The actor's portal roles at the time, comma-separated.</summary>
    public string ActorRoles { get; set; } = "";

    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";

    /// <summary>The item before and after the change, as JSON; null where there is no before (created) or after.</summary>
    public string? Before { get; set; }
    public string? After { get; set; }

    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>
/// The chain's head: the last sequence number and hash. Its single row is updated first by every append, which makes
/// appends wait for each other inside their transactions on SQLite and SQL Server alike.
/// </summary>
public sealed class AuditHead
{
    public int Id { get; set; }
    public long LastSequence { get; set; }
    public string LastHash { get; set; } = "";
}
