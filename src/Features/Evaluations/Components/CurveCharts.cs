using System.Globalization;
using ModelOpsPortal.Features.Monitoring;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace ModelOpsPortal.Features.Evaluations.Components;

/// <summary>The Plotly figures of a batch's score curves (ROC, KS separation, cumulative gains), from stored curves.</summary>
public static class CurveCharts
{
    public static (IList<ITrace> Data, Layout Layout) Roc(IReadOnlyDictionary<string, ScoreCurve> curves, Func<int, string> versionName, string fprTitle, string tprTitle, string chanceName)
    {
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentNullException.ThrowIfNull(versionName);
        var data = new List<ITrace>
        {
            new Scatter { Name = chanceName, Mode = ModeFlag.Lines, X = [0, 1], Y = [0, 1], Line = new Line { Dash = "dot", Color = "#888888" }, HoverInfo = HoverInfoFlag.Skip },
        };
        foreach (var (version, curve) in curves.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
        {
            var name = versionName(int.Parse(version, CultureInfo.InvariantCulture));
            data.Add(new Scatter
            {
                Name = name,
                Mode = ModeFlag.Lines,
                Line = new Line { Color = TrendCharts.ColourOf(int.Parse(version, CultureInfo.InvariantCulture)) },
                X = [1.0, .. curve.NegativesBelow.Select(n => Math.Round(1 - n, 4)), 0.0],
                Y = [1.0, .. curve.PositivesBelow.Select(p => Math.Round(1 - p, 4)), 0.0],
                HoverTemplate = "%{fullData.name}<br>FPR %{x} · TPR %{y}<extra></extra>",
            });
        }

        var layout = new Layout
        {
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = fprTitle }, Range = [0, 1] }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = tprTitle }, Range = [0, 1] }],
        };
        return (data, layout);
    }

    public static (IList<ITrace> Data, Layout Layout, double Ks, double Threshold) KsSeparation(ScoreCurve curve, string positivesName, string negativesName,
        string thresholdTitle, string shareTitle)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var gaps = curve.Threshold.Select((t, i) => (Threshold: t, Gap: Math.Abs(curve.PositivesBelow[i] - curve.NegativesBelow[i]))).ToList();
        var best = gaps.Count == 0 ? (Threshold: 0.0, Gap: 0.0) : gaps.MaxBy(g => g.Gap);
        var data = new List<ITrace>
        {
            new Scatter { Name = positivesName, Mode = ModeFlag.Lines, X = [.. curve.Threshold.Cast<object>()], Y = [.. curve.PositivesBelow.Cast<object>()], HoverTemplate = $"{positivesName}<br>%{{x}}: %{{y}}<extra></extra>" },
            new Scatter { Name = negativesName, Mode = ModeFlag.Lines, X = [.. curve.Threshold.Cast<object>()], Y = [.. curve.NegativesBelow.Cast<object>()], HoverTemplate = $"{negativesName}<br>%{{x}}: %{{y}}<extra></extra>" },
        };
        var layout = new Layout
        {
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = thresholdTitle } }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = shareTitle }, Range = [0, 1] }],
            Shapes =
            [
                new Shape
                {
                    Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line, XRef = "x", X0 = best.Threshold, X1 = best.Threshold, YRef = "paper", Y0 = 0, Y1 = 1,
                    Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = "#888888", Dash = "dash", Width = 1 },
                },
            ],
        };
        return (data, layout, best.Gap, best.Threshold);
    }

    /// <summary>
    /// Cumulative gains: of the rows scored highest (x, a share of all rows), the share of all positives they hold (y).
    /// The diagonal is a model that ranks at random; lift at x is y / x.
    /// </summary>
    public static (IList<ITrace> Data, Layout Layout) Gains(IReadOnlyList<(int Version, ScoreCurve Curve)> curves, int positives, int count,
        Func<int, string> versionName, string populationTitle, string capturedTitle, string randomName)
    {
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentNullException.ThrowIfNull(versionName);
        var data = new List<ITrace>
        {
            new Scatter { Name = randomName, Mode = ModeFlag.Lines, X = [0, 1], Y = [0, 1], Line = new Line { Dash = "dot", Color = "#888888" }, HoverInfo = HoverInfoFlag.Skip },
        };
        foreach (var (version, curve) in curves)
        {
            var points = GainsPoints(curve, positives, count);
            data.Add(new Scatter
            {
                Name = versionName(version),
                Mode = ModeFlag.Lines,
                Line = new Line { Color = TrendCharts.ColourOf(version) },
                X = [.. points.Select(p => (object)Math.Round(p.Population, 4))],
                Y = [.. points.Select(p => (object)Math.Round(p.Captured, 4))],
                HoverTemplate = $"{versionName(version)}<br>%{{x:.0%}} → %{{y:.0%}}<extra></extra>",
            });
        }

        var layout = new Layout
        {
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = populationTitle }, Range = [0, 1], TickFormat = ".0%" }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = capturedTitle }, Range = [0, 1], TickFormat = ".0%" }],
        };
        return (data, layout);
    }

    /// <summary>The gains curve from the stored score distribution: highest scores first, from (0, 0) to (1, 1).</summary>
    public static IReadOnlyList<(double Population, double Captured)> GainsPoints(ScoreCurve curve, int positives, int count)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var negatives = count - positives;
        var points = new List<(double, double)> { (0, 0) };
        for (var i = curve.Threshold.Length - 1; i >= 0; i--)
        {
            var below = (positives * curve.PositivesBelow[i] + negatives * curve.NegativesBelow[i]) / count;
            points.Add((1 - below, 1 - curve.PositivesBelow[i]));
        }

        points.Add((1, 1));
        return points;
    }

    /// <summary>The gap between the classes' score distributions by threshold, one line per version: its peak is the KS.</summary>
    public static (IList<ITrace> Data, Layout Layout) KsGaps(IReadOnlyList<(int Version, ScoreCurve Curve)> curves, Func<int, string> versionName,
        string thresholdTitle, string gapTitle)
    {
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentNullException.ThrowIfNull(versionName);
        var data = curves.Select(c => (ITrace)new Scatter
        {
            Name = versionName(c.Version),
            Mode = ModeFlag.Lines,
            Line = new Line { Color = TrendCharts.ColourOf(c.Version) },
            X = [.. c.Curve.Threshold.Cast<object>()],
            Y = [.. c.Curve.PositivesBelow.Zip(c.Curve.NegativesBelow, (p, n) => (object)Math.Round(Math.Abs(n - p), 4))],
            HoverTemplate = $"{versionName(c.Version)}<br>%{{x}}: %{{y}}<extra></extra>",
        }).ToList();
        var layout = new Layout
        {
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = thresholdTitle } }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = gapTitle }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero }],
        };
        return (data, layout);
    }
}
