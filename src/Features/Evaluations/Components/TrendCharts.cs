using System.Globalization;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Monitoring;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace ModelOpsPortal.Features.Evaluations.Components;

/// <summary>Builds the Plotly figures of a model's evaluations from stored results (no database, no UI state).</summary>
public static class TrendCharts
{
    private const string WarningColour = "#e08a00";
    private const string AlertColour = "#d32f2f";

    /// <summary>One colour per version number, the same on every chart of the page.</summary>
    private static readonly string[] VersionColours = ["#1565c0", "#2e7d32", "#6a1b9a", "#00838f", "#5d4037", "#ad1457", "#37474f", "#9e9d24"];

    public static string ColourOf(int version) => VersionColours[(version - 1 + VersionColours.Length) % VersionColours.Length];

    /// <summary>One value of a metric of one version at one period.</summary>
    public sealed record TrendValue(DateOnly Period, int Version, double Value, int EvaluationId);

    /// <summary>A horizontal level drawn on the trend chart.</summary>
    public sealed record Level(AlertLevel Kind, double Value);

    public static IReadOnlyList<TrendValue> Values(ModelTrend trend, string metric)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var values = new List<TrendValue>();
        foreach (var point in trend.Points)
        {
            foreach (var (version, metrics) in point.Versions)
            {
                if (metrics.Figure(metric) is double v)
                {
                    values.Add(new TrendValue(point.Period, int.Parse(version, CultureInfo.InvariantCulture), v, point.EvaluationId));
                }
            }
        }

        return values;
    }

    /// <summary>
    /// The warning and alert levels of the model's rule on this metric, as values: absolute rules as they are,
    /// relative ones from the monitored version's first value.
    /// </summary>
    public static IReadOnlyList<Level> Levels(ModelRules? rules, string metric, IReadOnlyList<TrendValue> values, int monitoredVersion)
    {
        var rule = rules?.Rules.FirstOrDefault(r => r.Metric == metric);
        if (rule is null)
        {
            return [];
        }

        var first = values.Where(v => v.Version == monitoredVersion).Select(v => (double?)v.Value).FirstOrDefault();
        double? At(double level) => rule.Direction switch
        {
            ThresholdDirection.Below or ThresholdDirection.Above => level,
            ThresholdDirection.DropFromFirst => first * (1 - level),
            _ => first * (1 + level),
        };

        return [.. new[] { (AlertLevel.Warning, At(rule.Warning)), (AlertLevel.Alert, At(rule.Alert)) }
            .Where(l => l.Item2 is not null).Select(l => new Level(l.Item1, l.Item2!.Value))];
    }

    public static (IList<ITrace> Data, Layout Layout) Trend(IReadOnlyList<TrendValue> values, IReadOnlyList<Level> levels, string metricName,
        Func<int, string> versionName, string periodTitle, Func<AlertLevel, string> levelName)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(versionName);
        var data = new List<ITrace>();
        foreach (var version in values.Select(v => v.Version).Distinct().Order())
        {
            var series = values.Where(v => v.Version == version).ToList();
            data.Add(new Scatter
            {
                Name = versionName(version),
                Mode = ModeFlag.Lines | ModeFlag.Markers,
                X = [.. series.Select(v => (object)v.Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
                Y = [.. series.Select(v => (object)Math.Round(v.Value, 4))],
                HoverTemplate = $"{versionName(version)}<br>%{{x}}: %{{y}}<extra></extra>",
                Line = new Line { Color = ColourOf(version) },
                Marker = new Marker { Color = ColourOf(version) },
            });
        }

        // The levels as dashed lines across the whole period, named in the legend.
        if (values.Count > 0)
        {
            var from = values.Min(v => v.Period).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var to = values.Max(v => v.Period).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var level in levels)
            {
                data.Add(new Scatter
                {
                    Name = $"{levelName(level.Kind)} {Math.Round(level.Value, 4).ToString(CultureInfo.CurrentCulture)}",
                    Mode = ModeFlag.Lines,
                    X = [from, to],
                    Y = [level.Value, level.Value],
                    Line = new Line { Color = level.Kind == AlertLevel.Alert ? AlertColour : WarningColour, Dash = "dash", Width = 2 },
                    HoverTemplate = $"{levelName(level.Kind)}: %{{y}}<extra></extra>",
                });
            }
        }

        var all = values.Select(v => v.Value).Concat(levels.Select(l => l.Value)).ToList();
        var (low, high) = all.Count == 0 ? (0.0, 1.0) : (all.Min(), all.Max());
        var pad = Math.Max((high - low) * 0.15, 0.01);
        var layout = new Layout
        {
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = periodTitle }, Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = metricName }, Range = [low - pad, high + pad] }],
        };
        return (data, layout);
    }

    /// <summary>PSI by feature (rows) and period (columns) for the evaluations of one version; 0.1 and 0.25 mark the colour steps.</summary>
    public static (IList<ITrace> Data, Layout Layout, IReadOnlyList<string> Periods, IReadOnlyList<string> Features, double?[,] Psi) DriftHeatmap(
        ModelTrend trend, int version, string periodTitle, string featureTitle, string psiTitle)
    {
        ArgumentNullException.ThrowIfNull(trend);
        var points = trend.Points.Where(p => p.Version == version && p.Drift is { Count: > 0 }).ToList();
        // Monthly periods read best as months; other periods keep their day.
        var monthly = points.All(p => p.Period.Day == 1);
        var periods = points.Select(p => p.Period.ToString(monthly ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        for (var i = 1; i < periods.Count; i++)
        {
            if (periods[i] == periods[i - 1])
            {
                periods[i] += $" #{points[i].EvaluationId}"; // two evaluations of one period stay two columns
            }
        }

        var features = points.SelectMany(p => p.Drift!.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var psi = new double?[features.Count, points.Count];
        for (var f = 0; f < features.Count; f++)
        {
            for (var p = 0; p < points.Count; p++)
            {
                psi[f, p] = points[p].Drift!.TryGetValue(features[f], out var d) ? Math.Round(d.Psi, 4) : null;
            }
        }

        var z = new List<object>();
        for (var f = 0; f < features.Count; f++)
        {
            z.Add(Enumerable.Range(0, points.Count).Select(p => (object?)psi[f, p]).ToList());
        }

        var heatmap = new HeatMap
        {
            X = [.. periods.Cast<object>()],
            Y = [.. features.Cast<object>()],
            Z = z,
            ZMin = 0,
            ZMax = 0.5m,
            // Green below 0.1 (stable), amber to 0.25 (watch), red above (shifted).
            ColorScale = new List<object>
            {
                new List<object> { 0, "#2e7d32" }, new List<object> { 0.2, "#9ccc65" }, new List<object> { 0.2, "#ffca28" },
                new List<object> { 0.5, "#fb8c00" }, new List<object> { 0.5, "#e53935" }, new List<object> { 1, "#7f0000" },
            },
            ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar
            {
                Title = new Plotly.Blazor.Traces.HeatMapLib.ColorBarLib.Title { Text = psiTitle },
                TickVals = [0, 0.1, 0.25, 0.5],
                TickText = ["0", "0.1", "0.25", "≥ 0.5"],
            },
            XGap = 2,
            YGap = 2,
            HoverTemplate = "%{y} · %{x}<br>PSI %{z}<extra></extra>",
        };
        var layout = new Layout
        {
            XAxis = [new XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = periodTitle },
                Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category,
                TickAngle = -45,
                AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True,
            }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = featureTitle }, AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True }],
        };
        return ([heatmap], layout, periods, features, psi);
    }
}
