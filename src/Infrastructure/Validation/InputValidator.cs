using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace ModelOpsPortal.Infrastructure.Validation;

/// <summary>
/// Validates an input object and its nested objects and lists with their data annotations, naming each
/// failure by its JSON path (<c>trainingDataset.sha256</c>, <c>features[2].name</c>). The REST API and the
/// forms both use it, so a rule and its message live on the input type only.
/// </summary>
public static class InputValidator
{
    public static Dictionary<string, string[]> Validate(object input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Walk(input, "", errors);
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The JSON (camelCase) name of a property, as the API and the error keys spell it.</summary>
    public static string JsonName(string propertyName) => JsonNamingPolicy.CamelCase.ConvertName(propertyName);

    private static void Walk(object input, string prefix, Dictionary<string, List<string>> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [""];
            foreach (var member in members)
            {
                var key = member.Length == 0 ? prefix.TrimEnd('.') : prefix + JsonName(member);
                if (!errors.TryGetValue(key, out var list))
                {
                    errors[key] = list = [];
                }

                list.Add(result.ErrorMessage ?? $"{key} is not valid.");
            }
        }

        foreach (var property in input.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            // Text is normalised to NFC in place and refused when it holds what cannot be shown for what it is (TextHygiene).
            if (property.PropertyType == typeof(string) && property.CanWrite && property.GetValue(input) is string text)
            {
                var normal = TextHygiene.Normalize(text);
                if (!ReferenceEquals(normal, text))
                {
                    property.SetValue(input, normal);
                }

                AddIf(errors, prefix + JsonName(property.Name), TextHygiene.Problem(normal));
                continue;
            }

            if (property.GetValue(input) is List<string> texts)
            {
                for (var i = 0; i < texts.Count; i++)
                {
                    if (texts[i] is { } item)
                    {
                        texts[i] = TextHygiene.Normalize(item);
                        AddIf(errors, $"{prefix}{JsonName(property.Name)}[{i}]", TextHygiene.Problem(texts[i]));
                    }
                }

                continue;
            }

            // An enum holds only its defined values, whatever path the input came by (the API's JSON refuses numbers too).
            if ((Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) is { IsEnum: true } enumType
                && property.GetValue(input) is { } enumValue && !Enum.IsDefined(enumType, enumValue))
            {
                AddIf(errors, prefix + JsonName(property.Name),
                    ValidationText.Format(ValidationText.EnumNameRequired, enumValue, string.Join(", ", Enum.GetNames(enumType))));
                continue;
            }

            if (!IsComplex(property.PropertyType))
            {
                continue;
            }

            var value = property.GetValue(input);
            var path = prefix + JsonName(property.Name);
            if (value is IEnumerable items and not string)
            {
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null && IsComplex(item.GetType()))
                    {
                        Walk(item, $"{path}[{index}].", errors);
                    }

                    index++;
                }
            }
            else if (value is not null)
            {
                Walk(value, path + ".", errors);
            }
        }
    }

    private static void AddIf(Dictionary<string, List<string>> errors, string key, string? problem)
    {
        if (problem is null)
        {
            return;
        }

        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        list.Add(problem);
    }

    /// <summary>Only the portal's own input types are walked into; strings, primitives and JSON are leaves.</summary>
    private static bool IsComplex(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return IsComplex(type.GetGenericArguments()[0]);
        }

        return type.IsClass && type.Namespace?.StartsWith("ModelOpsPortal", StringComparison.Ordinal) == true;
    }
}
