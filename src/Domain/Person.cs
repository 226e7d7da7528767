using System.Text.Json.Serialization;

namespace ModelOpsPortal.Domain;

/// <summary>
/// Someone the portal has seen sign in (or a service account it issued a key to), keyed by the identity provider's
/// stable subject id: the display name may change or be shared, the id does not (docs/decisions/014-people-by-subject-id.md).
/// </summary>
public sealed class Person
{
    /// <summary>The provider's object id (<c>oid</c>) or subject (<c>sub</c>); <c>svc:name</c> for a service account.</summary>
    public string Id { get; set; } = "";

    /// <summary>The name the provider gave at the last sign-in.</summary>
    public string DisplayName { get; set; } = "";

    public string? Email { get; set; }
    public bool IsServiceAccount { get; set; }
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
}

/// <summary>
/// A person as a record names them: the stable id when it is known, and the display name as it was then. Rows written
/// before ids were kept, and names that matched no one who had signed in, have no id and are compared by name.
/// </summary>
public sealed record PersonRef(string? Id, string Name)
{
    [JsonIgnore]
    public bool HasId => !string.IsNullOrEmpty(Id);

    /// <summary>The key two references are the same person by: the id when known, otherwise the name (case-insensitive).</summary>
    [JsonIgnore]
    public string Key => HasId ? "id:" + Id : "name:" + Name.Trim().ToUpperInvariant();

    /// <summary>Pairs a list of names with the ids stored beside them (a missing or empty id is unknown).</summary>
    public static List<PersonRef> Zip(IReadOnlyList<string> names, IReadOnlyList<string>? ids)
    {
        ArgumentNullException.ThrowIfNull(names);
        return [.. names.Select((n, i) => new PersonRef(ids is not null && i < ids.Count && ids[i].Length > 0 ? ids[i] : null, n))];
    }
}
