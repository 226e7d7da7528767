using System.ComponentModel.DataAnnotations;

namespace ModelOpsPortal.Infrastructure.Validation;

/// <summary>A list of strings has at most <see cref="MaxCount"/> items, each non-blank, at most <see cref="MaxLength"/> long, and unique.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListItemsAttribute(int maxLength) : ValidationAttribute
{
    public int MaxLength { get; } = maxLength;

    /// <summary>The most items the list may hold (the whole list is one stored column).</summary>
    public int MaxCount { get; init; } = 50;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (value is not IEnumerable<string?> items)
        {
            return ValidationResult.Success;
        }

        if (items.Count() > MaxCount)
        {
            return new ValidationResult(ValidationText.Format(ValidationText.TooManyItems, MaxCount, items.Count()), [validationContext.MemberName!]);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var item in items)
        {
            string? problem = null;
            if (string.IsNullOrWhiteSpace(item))
            {
                problem = ValidationText.Format(ValidationText.ListEntryEmpty, index + 1);
            }
            else if (item.Length > MaxLength)
            {
                problem = ValidationText.Format(ValidationText.ListEntryTooLong, index + 1, item[..20], item.Length, MaxLength);
            }
            else if (!seen.Add(item.Trim()))
            {
                problem = ValidationText.Format(ValidationText.ListEntryTwice, item);
            }

            if (problem is not null)
            {
                return new ValidationResult(problem, [validationContext.MemberName!]);
            }

            index++;
        }

        return ValidationResult.Success;
    }
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class Sha256Attribute : RegularExpressionAttribute
{
    public Sha256Attribute() : base("^[0-9a-fA-F]{64}$")
    {
        ErrorMessageResourceType = typeof(ValidationText);
        ErrorMessageResourceName = nameof(ValidationText.NotSha256);
    }
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class AbsoluteUriAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        return value is not string text || text.Length == 0 || Uri.TryCreate(text, UriKind.Absolute, out _)
            ? ValidationResult.Success
            : new ValidationResult(ValidationText.Format(ValidationText.NotAbsoluteUri, text), [validationContext.MemberName!]);
    }
}
