using System.Text.Json;

namespace ModelOpsPortal.Tests.Support;

/// <summary>
/// Compares two JSON answers figure by figure (issue #18: a summary gives every figure of the row upload): numbers to
/// 1e-9, everything else exactly; each difference is named by its path.
/// </summary>
internal static class FigureComparison
{
    public const double Tolerance = 1e-9;

    public static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            differences.Add($"{path}: {expected.ValueKind} in the row upload, {actual.ValueKind} in the summary");
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).Union(actual.EnumerateObject().Select(p => p.Name)).ToList();
                foreach (var name in names)
                {
                    if (!expected.TryGetProperty(name, out var e) || !actual.TryGetProperty(name, out var a))
                    {
                        differences.Add($"{path}.{name}: only in one of them");
                        continue;
                    }

                    Compare(e, a, $"{path}.{name}", differences);
                }

                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    differences.Add($"{path}: {expected.GetArrayLength()} items in the row upload, {actual.GetArrayLength()} in the summary");
                    return;
                }

                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    Compare(expected[i], actual[i], $"{path}[{i}]", differences);
                }

                break;
            case JsonValueKind.Number:
                if (Math.Abs(expected.GetDouble() - actual.GetDouble()) > Tolerance)
                {
                    differences.Add($"{path}: {expected.GetDouble():R} in the row upload, {actual.GetDouble():R} in the summary");
                }

                break;
            default:
                if (expected.ToString() != actual.ToString())
                {
                    differences.Add($"{path}: {expected} in the row upload, {actual} in the summary");
                }

                break;
        }
    }
}
