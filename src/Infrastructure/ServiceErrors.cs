namespace ModelOpsPortal.Infrastructure;

/// <summary>Input broke a rule; <see cref="Errors"/> is keyed by JSON path, like the API's ProblemDetails.</summary>
public sealed class InputRejectedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The input is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static InputRejectedException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The request clashes with the current state (a duplicate name, a concurrent edit).</summary>
public sealed class ConflictException(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}
