namespace ModelOpsPortal.Infrastructure;

/// <summary>Input broke a rule; <see cref="Errors"/> is keyed by JSON path, like the API's ProblemDetails.</summary>
public sealed class InputRejectedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The input is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static InputRejectedException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

public enum ConflictKind
{
    DuplicateName,
    StaleEdit,
    AlreadyDone,
    IllegalTransition,
    AlreadyDecided,
}

/// <summary>The request clashes with the current state. The message is for people, in their language.</summary>
public sealed class ConflictException(ConflictKind kind, string message) : Exception(message)
{
    public ConflictKind Kind { get; } = kind;

    /// <summary>ProblemDetails titles stay English for API callers.</summary>
    public string Title => Kind switch
    {
        ConflictKind.DuplicateName => "Duplicate model name",
        ConflictKind.AlreadyDone => "Already done",
        ConflictKind.IllegalTransition => "Transition not allowed",
        ConflictKind.AlreadyDecided => "Already decided",
        _ => "Edit conflict",
    };
}

/// <summary>
/// The signed-in person may not do this to this item (not their model, their own request, a version they developed).
/// Role checks stay in the authorization policies; this is for rules about who someone is in relation to the item.
/// </summary>
public sealed class ForbiddenException(string title, string message) : Exception(message)
{
    /// <summary>English, for the API's ProblemDetails title.</summary>
    public string Title { get; } = title;
}
