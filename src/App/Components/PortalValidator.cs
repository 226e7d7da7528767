using System.Collections;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.App.Components;

/// <summary>
/// Validates a form's model with <see cref="InputValidator"/>, the same rules and messages the REST API
/// applies, and shows errors the server returns (a duplicate name, say) next to the field they name.
/// </summary>
public sealed class PortalValidator : ComponentBase, IDisposable
{
    private ValidationMessageStore? store;
    private EditContext? subscribed;

    [CascadingParameter] private EditContext? EditContext { get; set; }

    protected override void OnParametersSet()
    {
        if (EditContext is null)
        {
            throw new InvalidOperationException($"{nameof(PortalValidator)} must be placed inside an EditForm.");
        }

        if (subscribed == EditContext)
        {
            return;
        }

        Unsubscribe();
        subscribed = EditContext;
        store = new ValidationMessageStore(EditContext);
        EditContext.OnValidationRequested += ValidateAll;
        EditContext.OnFieldChanged += ValidateField;
    }

    /// <summary>Shows errors keyed by JSON path, as <c>InputRejectedException</c> and ProblemDetails carry them.</summary>
    public void DisplayErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (EditContext is null || store is null)
        {
            return;
        }

        foreach (var (key, messages) in errors)
        {
            store.Add(Resolve(EditContext.Model, key), messages);
        }

        EditContext.NotifyValidationStateChanged();
    }

    private void ValidateAll(object? sender, ValidationRequestedEventArgs e)
    {
        store!.Clear();
        foreach (var (key, messages) in InputValidator.Validate(EditContext!.Model))
        {
            store.Add(Resolve(EditContext.Model, key), messages);
        }

        EditContext.NotifyValidationStateChanged();
    }

    private void ValidateField(object? sender, FieldChangedEventArgs e)
    {
        var field = e.FieldIdentifier;
        store!.Clear(field);
        foreach (var (key, messages) in InputValidator.Validate(EditContext!.Model))
        {
            if (Resolve(EditContext.Model, key).Equals(field))
            {
                store.Add(field, messages);
            }
        }

        EditContext.NotifyValidationStateChanged();
    }

    /// <summary>Maps <c>trainingDataset.name</c> or <c>features[2].type</c> to the object and property that hold it.</summary>
    internal static FieldIdentifier Resolve(object root, string path)
    {
        object current = root;
        var segments = path.Split('.', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket >= 0 ? segment[..bracket] : segment;
            var property = current.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                break;
            }

            var isLast = i == segments.Length - 1;
            if (isLast && bracket < 0)
            {
                return new FieldIdentifier(current, property.Name);
            }

            var value = property.GetValue(current);
            if (bracket >= 0 && value is IList list && int.TryParse(segment[(bracket + 1)..^1], out var index) && index < list.Count && list[index] is { } item)
            {
                if (isLast)
                {
                    return new FieldIdentifier(current, property.Name);
                }

                current = item;
            }
            else if (value is not null && !isLast)
            {
                current = value;
            }
            else
            {
                return new FieldIdentifier(current, property.Name);
            }
        }

        // Not a field of the form: a message for the whole form (shown by ValidationSummary).
        return new FieldIdentifier(root, "");
    }

    public void Dispose() => Unsubscribe();

    private void Unsubscribe()
    {
        if (subscribed is not null)
        {
            subscribed.OnValidationRequested -= ValidateAll;
            subscribed.OnFieldChanged -= ValidateField;
        }
    }
}
