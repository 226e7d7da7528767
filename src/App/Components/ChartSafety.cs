using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace ModelOpsPortal.App.Components;

/// <summary>
/// Keeps a figure drawable and inert whatever was stored. Plotly renders a subset of HTML in names, category labels and
/// hover text, so a feature called <c>&lt;a href=…&gt;</c> would become a link: every string in the traces is escaped
/// (hover templates name their trace through <c>%{fullData.name}</c> instead of embedding it). And
///  Plotly.Blazor reads the figure back from plotly.js as <see cref="decimal"/>
/// numbers, so one value beyond about 7.9e28 (or an axis range plotly computes around it) throws and takes the whole
/// page down. Stored figures have documented ranges, but a chart must not depend on that: values that are not finite or
/// lie beyond <see cref="Limit"/> are drawn as gaps (the chart's table still lists them), and a range built from them is
/// left to plotly.
/// </summary>
public static class ChartSafety
{
    /// <summary>Far above any real metric, latency or count, far below what breaks the drawing.</summary>
    public const double Limit = 1e15;

    public static bool IsPlottable(double value) => double.IsFinite(value) && Math.Abs(value) <= Limit;

    /// <summary>
    /// Escapes the traces' names and labels, replaces unplottable numbers and drops axis ranges that hold one. Changes the
    /// objects given; safe to call again on the same figure (what it already escaped it does not escape twice).
    /// </summary>
    public static void Sanitize(IList<ITrace> data, Layout layout)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(layout);
        foreach (var trace in data)
        {
            switch (trace)
            {
                case Scatter s:
                    s.Name = Text(s.Name);
                    s.X = Clean(s.X);
                    s.Y = Clean(s.Y);
                    break;
                case Bar b:
                    b.Name = Text(b.Name);
                    b.X = Clean(b.X);
                    b.Y = Clean(b.Y);
                    break;
                case HeatMap h:
                    h.Name = Text(h.Name);
                    h.X = Clean(h.X);
                    h.Y = Clean(h.Y);
                    h.Z = h.Z is null ? null : [.. h.Z.Select(row => row is IList<object> cells ? Clean(cells) : Value(row))];
                    break;
            }
        }

        foreach (var axis in layout.XAxis ?? [])
        {
            if (axis.Range is { } range && range.Any(v => Value(v) is null && v is not null))
            {
                axis.Range = null;
            }
        }

        foreach (var axis in layout.YAxis ?? [])
        {
            if (axis.Range is { } range && range.Any(v => Value(v) is null && v is not null))
            {
                axis.Range = null;
            }
        }
    }

    private static IList<object>? Clean(IList<object>? values) => values is null ? null : [.. values.Select(Value)!];

    /// <summary>
    /// Text plotly shows as text: the characters its HTML subset reads are written as entities. Idempotent: an ampersand
    /// that already starts one of these entities is left as it is.
    /// </summary>
    public static string? Text(string? value) => value is null ? null
        : System.Text.RegularExpressions.Regex.Replace(value, "&(?!(?:amp|lt|gt|quot|#39);)", "&amp;")
            .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>The value (escaped if text), or null in place of a number that cannot be drawn.</summary>
    private static object? Value(object? value) => value switch
    {
        string text => Text(text),
        double d => IsPlottable(d) ? d : null,
        float f => IsPlottable(f) ? f : null,
        decimal m => IsPlottable((double)m) ? m : null,
        _ => value,
    };
}
