using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace ModelOpsPortal.Features.Kpis.Components;

/// <summary>Builds the dashboard's Plotly figures from a <see cref="KpiReport"/> (no database, no UI state); titles come localized from the page.</summary>
public static class KpiCharts
{
    private const string Ours = "#1565c0";
    private const string Survey = "#9e9e9e";
    private const string Second = "#ad1457";
    private const string Third = "#2e7d32";

    /// <summary>The industry survey figures the issue quotes: fewer than half of the best models deployed, 90% taking more than three months, 44% more than seven.</summary>
    public static readonly (double Reached, double OverThree, double OverSeven) SurveyShares = (0.5, 0.9, 0.44);

    /// <summary>This portfolio's shares beside the survey's: reached production, took more than 3 and more than 7 months.</summary>
    public static (IList<ITrace> Data, Layout Layout) AgainstSurvey(KpiReport report, IReadOnlyList<string> categories, string oursName, string surveyName, string shareTitle)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(categories);
        var ours = new[] { report.Reach.ModelShare, report.TimeToProduction.ShareOverThreeMonths, report.TimeToProduction.ShareOverSevenMonths };
        IList<ITrace> data =
        [
            Bars(categories, ours.Select(v => v is double d ? (object?)Math.Round(d, 4) : null), oursName, Ours),
            Bars(categories, [SurveyShares.Reached, SurveyShares.OverThree, SurveyShares.OverSeven], surveyName, Survey),
        ];
        var layout = Grouped(shareTitle);
        layout.YAxis![0].Range = [0, 1];
        layout.YAxis[0].TickFormat = ".0%";
        return (data, layout);
    }

    /// <summary>Models by months from registration to first production; the 3- and 7-month marks as dashed lines.</summary>
    public static (IList<ITrace> Data, Layout Layout) TimeToProduction(KpiReport report, IReadOnlyList<string> buckets, string modelsTitle, string monthsTitle, string modelsName)
    {
        ArgumentNullException.ThrowIfNull(report);
        IList<ITrace> data = [Bars(buckets, report.TimeToProduction.ByMonth.Select(c => (object?)c), modelsName, Ours)];
        var layout = Grouped(modelsTitle);
        layout.XAxis![0].Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = monthsTitle };
        layout.ShowLegend = false;
        // Between the buckets 2–3 and 3–4 (index 2.5), and 6–7 and 7–8 (6.5): the survey's thresholds.
        layout.Shapes = [Mark(2.5), Mark(6.5)];
        return (data, layout);
    }

    /// <summary>Median and 90th-percentile days from request to decision, per request kind.</summary>
    public static (IList<ITrace> Data, Layout Layout) ApprovalCycles(KpiReport report, IReadOnlyList<string> kinds, string medianName, string p90Name, string daysTitle)
    {
        ArgumentNullException.ThrowIfNull(report);
        IList<ITrace> data =
        [
            Bars(kinds, report.ApprovalCycles.Select(c => c.Days.MedianDays is double m ? (object?)Math.Round(m, 1) : null), medianName, Ours),
            Bars(kinds, report.ApprovalCycles.Select(c => c.Days.P90Days is double p ? (object?)Math.Round(p, 1) : null), p90Name, Second),
        ];
        return (data, Grouped(daysTitle));
    }

    /// <summary>Models registered, promoted and retired per quarter.</summary>
    public static (IList<ITrace> Data, Layout Layout) Throughput(KpiReport report, string registeredName, string promotedName, string retiredName, string modelsTitle)
    {
        ArgumentNullException.ThrowIfNull(report);
        var quarters = report.Throughput.Select(q => q.Quarter).ToList();
        IList<ITrace> data =
        [
            Bars(quarters, report.Throughput.Select(q => (object?)q.Registered), registeredName, Ours),
            Bars(quarters, report.Throughput.Select(q => (object?)q.Promoted), promotedName, Third),
            Bars(quarters, report.Throughput.Select(q => (object?)q.Retired), retiredName, Second),
        ];
        return (data, Grouped(modelsTitle));
    }

    /// <summary>Models by their stage (as the inventory shows it).</summary>
    public static (IList<ITrace> Data, Layout Layout) Portfolio(IReadOnlyList<string> stages, IEnumerable<int> counts, string modelsTitle, string modelsName)
    {
        IList<ITrace> data = [Bars(stages, counts.Select(c => (object?)c), modelsName, Ours)];
        var layout = Grouped(modelsTitle);
        layout.ShowLegend = false;
        return (data, layout);
    }

    private static Bar Bars(IEnumerable<string> x, IEnumerable<object?> y, string name, string colour) => new()
    {
        Name = name,
        X = [.. x.Cast<object>()],
        Y = [.. y!],
        Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = colour },
        HoverTemplate = "%{fullData.name}<br>%{x}: %{y}<extra></extra>",
    };

    private static Shape Mark(double x) => new()
    {
        Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
        XRef = "x",
        YRef = "paper",
        X0 = x,
        X1 = x,
        Y0 = 0,
        Y1 = 1,
        Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = "#d32f2f", Dash = "dash", Width = 2 },
    };

    private static Layout Grouped(string valueTitle) => new()
    {
        BarMode = BarModeEnum.Group,
        XAxis = [new XAxis { Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = valueTitle }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero }],
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.25m }],
    };
}
