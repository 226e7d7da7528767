using System.Globalization;
using System.Text;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using ModelOps.Cli.Client.Models;

namespace ModelOps.Cli;

/// <summary>The portal's ProblemDetails in a few lines: the status and title, the detail, each field and what is wrong with it.</summary>
public static class Problems
{
    public static string Describe(ApiException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"modelops: the portal answered {e.ResponseStatusCode}"));
        if (e is ProblemDetails problem)
        {
            text.Append(": ").Append(problem.Title);
            if (!string.IsNullOrWhiteSpace(problem.Detail))
            {
                text.AppendLine().Append("  ").Append(problem.Detail);
            }

            foreach (var (field, messages) in problem.Errors?.AdditionalData ?? new Dictionary<string, object>())
            {
                text.AppendLine().Append("  ").Append(field.Length == 0 ? "(request)" : field).Append(": ").Append(Messages(messages));
            }

            if (problem.AdditionalData.TryGetValue("correlationId", out var id))
            {
                text.AppendLine().Append("  correlation id ").Append(id);
            }
        }

        return text.ToString();
    }

    private static string Messages(object messages) => messages switch
    {
        UntypedArray list => string.Join(" ", list.GetValue().Select(m => m is UntypedString s ? s.GetValue() : m.ToString())),
        IEnumerable<object> list => string.Join(" ", list),
        _ => messages.ToString() ?? "",
    };
}
