namespace ModelOpsPortal.Domain;

/// <summary>A rule of the domain was broken; <see cref="Field"/> names the input at fault (camelCase).</summary>
public sealed class DomainException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
