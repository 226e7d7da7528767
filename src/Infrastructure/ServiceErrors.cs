namespace ModelOpsPortal.Infrastructure;

/// <summary>
/// A service refused: bad input (400), a person the rules refuse (403) or a clash with the current state (409). The
/// API answers every one in <c>ServiceErrorFilter</c>; a page shows <see cref="Errors"/> beside its fields and
/// <see cref="Summary"/> where it has one line, and <c>Refusals</c> (App) puts it in a snackbar with the right weight.
/// The messages are for people, in their language; the titles stay English for API callers.
/// </summary>
public abstract class ServiceRefusedException(string message) : Exception(message)
{
    /// <summary>The form-level key of <see cref="Errors"/>: a refusal about the whole thing rather than one field.</summary>
    public const string WholeForm = "";

    /// <summary>Messages keyed by JSON path (the field to fix), or by <see cref="WholeForm"/>.</summary>
    public abstract IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>Every message on one line, for a dialog's alert or a snackbar.</summary>
    public string Summary => string.Join(" ", Errors.SelectMany(e => e.Value));

    /// <summary>The messages of one field, joined; null when that field is fine.</summary>
    public string? For(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private protected static IReadOnlyDictionary<string, string[]> On(string field, string message) =>
        new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] };
}

/// <summary>Input broke a rule; <see cref="Errors"/> is keyed by JSON path, like the API's ProblemDetails.</summary>
public sealed class InputRejectedException(IReadOnlyDictionary<string, string[]> errors)
    : ServiceRefusedException("The input is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public override IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

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
public sealed class ConflictException(ConflictKind kind, string message) : ServiceRefusedException(message)
{
    public ConflictKind Kind { get; } = kind;

    /// <summary>A duplicate name is the name field's problem; every other clash is the whole form's.</summary>
    public override IReadOnlyDictionary<string, string[]> Errors { get; } = On(kind == ConflictKind.DuplicateName ? "name" : WholeForm, message);

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
public sealed class ForbiddenException(string title, string message) : ServiceRefusedException(message)
{
    /// <summary>English, for the API's ProblemDetails title.</summary>
    public string Title { get; } = title;

    public override IReadOnlyDictionary<string, string[]> Errors { get; } = On(WholeForm, message);
}
