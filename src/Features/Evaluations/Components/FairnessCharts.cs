using System.Globalization;
using ModelOpsPortal.Features.Evaluations.Engine;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace ModelOpsPortal.Features.Evaluations.Components;

/// <summary>Builds the fairness figures of one attribute from stored results (no database, no UI state).</summary>
public static class FairnessCharts
{
    private const string JudgedColour = "#1565c0";
    private const string SecondColour = "#ad1457";
    private const string NotJudgedColour = "#9e9e9e";
    private const string WarningColour = "#e08a00";
    private const string FailColour = "#d32f2f";

    /// <summary>
    /// The group below which disparate impact fails or warns: the highest judged selection rate times the rule. Null when
    /// fewer than two groups are large enough to judge (nothing is judged then).
    /// </summary>
    public static (double Fail, double Warning, string HighestGroup)? SelectionLines(AttributeFairness fairness, FairnessRules rules)
    {
        ArgumentNullException.ThrowIfNull(fairness);
        ArgumentNullException.ThrowIfNull(rules);
        var judged = fairness.Groups.Where(g => g.Value.Judged).ToList();
        if (judged.Count < 2)
        {
            return null;
        }

        var highest = judged.MaxBy(g => g.Value.SelectionRate);
        return (highest.Value.SelectionRate * rules.DisparateImpactFail, highest.Value.SelectionRate * rules.DisparateImpactWarning, highest.Key);
    }

    /// <summary>
    /// Selection rate per group with its 95% interval; groups too small to judge in grey, and the disparate impact lines
    /// (fail and warning share of the highest judged group's rate) across the chart.
    /// </summary>
    public static (IList<ITrace> Data, Layout Layout) SelectionRates(AttributeFairness fairness, FairnessRules rules, string rateTitle, string groupTitle,
        string notJudgedName, Func<double, string> failLineName, Func<double, string> warningLineName)
    {
        ArgumentNullException.ThrowIfNull(fairness);
        var groups = fairness.Groups.ToList();
        var data = new List<ITrace>
        {
            Bars(groups.Where(g => g.Value.Judged).ToList(), g => g.SelectionRate, g => g.SelectionRateInterval, rateTitle, JudgedColour),
        };
        var small = groups.Where(g => !g.Value.Judged).ToList();
        if (small.Count > 0)
        {
            data.Add(Bars(small, g => g.SelectionRate, g => g.SelectionRateInterval, notJudgedName, NotJudgedColour));
        }

        if (SelectionLines(fairness, rules) is { } lines && groups.Count > 0)
        {
            data.Add(Line(groups, lines.Fail, failLineName(rules.DisparateImpactFail), FailColour));
            data.Add(Line(groups, lines.Warning, warningLineName(rules.DisparateImpactWarning), WarningColour));
        }

        return (data, Layout(groups, groupTitle, rateTitle, Top(groups.Select(g => g.Value.SelectionRateInterval?.High ?? g.Value.SelectionRate))));
    }

    /// <summary>True and false positive rates per group, side by side, each with its 95% interval (equal opportunity and equalized odds).</summary>
    public static (IList<ITrace> Data, Layout Layout) ErrorRates(AttributeFairness fairness, string tprName, string fprName, string groupTitle, string rateTitle)
    {
        ArgumentNullException.ThrowIfNull(fairness);
        var groups = fairness.Groups.ToList();
        IList<ITrace> data =
        [
            Bars(groups, g => g.Tpr, g => g.TprInterval, tprName, JudgedColour),
            Bars(groups, g => g.Fpr, g => g.FprInterval, fprName, SecondColour),
        ];
        var layout = Layout(groups, groupTitle, rateTitle, Top(groups.SelectMany(g => new[] { g.Value.TprInterval?.High ?? g.Value.Tpr ?? 0, g.Value.FprInterval?.High ?? g.Value.Fpr ?? 0 })));
        layout.BarMode = BarModeEnum.Group;
        return (data, layout);
    }

    private static Bar Bars(IReadOnlyList<KeyValuePair<string, GroupRates>> groups, Func<GroupRates, double?> rate, Func<GroupRates, Interval?> interval, string name, string colour)
    {
        var values = groups.Select(g => rate(g.Value)).ToList();
        return new Bar
        {
            Name = name,
            X = [.. groups.Select(g => (object)g.Key)],
            Y = [.. values.Select(v => (object?)(v is double d ? Math.Round(d, 4) : null))!],
            Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = colour },
            ErrorY = new Plotly.Blazor.Traces.BarLib.ErrorY
            {
                Type = Plotly.Blazor.Traces.BarLib.ErrorYLib.TypeEnum.Data,
                Symmetric = false,
                Array = [.. groups.Select((g, i) => (object)(interval(g.Value) is { } x && values[i] is double v ? Math.Round(x.High - v, 4) : 0))],
                ArrayMinus = [.. groups.Select((g, i) => (object)(interval(g.Value) is { } x && values[i] is double v ? Math.Round(v - x.Low, 4) : 0))],
                Color = "#555555",
            },
            HoverTemplate = "%{fullData.name}<br>%{x}: %{y}<extra></extra>",
        };
    }

    private static Scatter Line(IReadOnlyList<KeyValuePair<string, GroupRates>> groups, double value, string name, string colour) => new()
    {
        Name = name,
        Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
        X = [groups[0].Key, groups[^1].Key],
        Y = [Math.Round(value, 4), Math.Round(value, 4)],
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = colour, Dash = "dash", Width = 2 },
        HoverTemplate = "%{fullData.name}: %{y}<extra></extra>",
    };

    /// <summary>The top of the rate axis: a little above the highest interval, so small rates are not flattened against 100%.</summary>
    private static double Top(IEnumerable<double> highs) => Math.Min(1, Math.Max(0.05, highs.DefaultIfEmpty(1).Max() * 1.15));

    private static Layout Layout(IReadOnlyList<KeyValuePair<string, GroupRates>> groups, string groupTitle, string rateTitle, double top) => new()
    {
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = groupTitle }, Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = rateTitle }, Range = [0, Math.Round(top, 4)], TickFormat = ".0%" }],
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.25m }],
    };

    /// <summary>A fairness figure over time as trend values (the evaluation's monitored version), for <see cref="TrendCharts.Trend"/>.</summary>
    public static IReadOnlyList<TrendCharts.TrendValue> Over(IReadOnlyList<FairnessTrendPoint> trend, Func<FairnessTrendPoint, double?> figure) =>
        [.. trend.Where(p => figure(p) is not null).Select(p => new TrendCharts.TrendValue(p.Period, p.Version, figure(p)!.Value, p.EvaluationId))];

    public static string Percent(double? value) => value is double v ? v.ToString("0.0%", CultureInfo.CurrentCulture) : "—";
}
