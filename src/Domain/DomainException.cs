namespace ModelOpsPortal.Domain;

/// <summary>
/// A rule of the domain was broken; <see cref="Field"/> names the input at fault (camelCase). The message is
/// English for logs; features turn the specific exceptions into messages in the reader's language.
/// </summary>
public class DomainException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A version named a parent version the model does not have.</summary>
public sealed class ParentVersionMissingException(int parent, IReadOnlyList<int> existing)
    : DomainException("parentVersion", $"Parent version {parent} does not exist. Existing versions: {(existing.Count == 0 ? "none" : string.Join(", ", existing))}.")
{
    public int Parent { get; } = parent;
    public IReadOnlyList<int> Existing { get; } = existing;
}
