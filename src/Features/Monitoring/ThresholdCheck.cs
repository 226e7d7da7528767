using ModelOpsPortal.Domain;

namespace ModelOpsPortal.Features.Monitoring;

/// <summary>A rule as the check sees it.</summary>
public sealed record Rule(string Metric, ThresholdDirection Direction, double Warning, double Alert);

/// <summary>A figure that crossed a rule's level. Threshold is the level crossed; Reference the first evaluation's value for relative rules.</summary>
public sealed record Crossing(string Metric, string? Feature, AlertLevel Level, ThresholdDirection Direction, double Value, double Threshold, double? Reference);

/// <summary>Compares observed figures with a model's rules. Pure: figures in, crossings out.</summary>
public static class ThresholdCheck
{
    /// <param name="rules">The model's rules.</param>
    /// <param name="values">The version's figures now, by metric name.</param>
    /// <param name="first">The same figures at the version's first evaluation, or null when there is none before this one.</param>
    /// <param name="drift">PSI by feature; a rule on "psi" is checked against every feature.</param>
    public static IReadOnlyList<Crossing> Check(IEnumerable<Rule> rules, IReadOnlyDictionary<string, double> values,
        IReadOnlyDictionary<string, double>? first, IReadOnlyDictionary<string, double> drift)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(drift);
        var crossings = new List<Crossing>();
        foreach (var rule in rules)
        {
            if (rule.Metric == MetricCatalog.Psi)
            {
                foreach (var (feature, psi) in drift)
                {
                    Add(crossings, rule, feature, psi, null);
                }
            }
            else if (values.TryGetValue(rule.Metric, out var value))
            {
                Add(crossings, rule, null, value, first is not null && first.TryGetValue(rule.Metric, out var reference) ? reference : null);
            }
        }

        return crossings;
    }

    /// <summary>The level a value reaches under a rule, or null. Relative rules need a reference value.</summary>
    public static AlertLevel? LevelOf(Rule rule, double value, double? reference)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var measure = Measure(rule.Direction, value, reference);
        if (measure is not double m)
        {
            return null;
        }

        return Reaches(rule.Direction, m, rule.Alert) ? AlertLevel.Alert
            : Reaches(rule.Direction, m, rule.Warning) ? AlertLevel.Warning
            : null;
    }

    /// <summary>What is compared with the levels: the value itself, or its relative change from the reference.</summary>
    public static double? Measure(ThresholdDirection direction, double value, double? reference) => direction switch
    {
        ThresholdDirection.Below or ThresholdDirection.Above => value,
        _ when reference is not double r || r == 0 => null,
        ThresholdDirection.DropFromFirst => (reference.Value - value) / Math.Abs(reference.Value),
        _ => (value - reference.Value) / Math.Abs(reference.Value),
    };

    private static bool Reaches(ThresholdDirection direction, double measure, double level) =>
        direction == ThresholdDirection.Below ? measure <= level : measure >= level;

    private static void Add(List<Crossing> crossings, Rule rule, string? feature, double value, double? reference)
    {
        if (LevelOf(rule, value, reference) is AlertLevel level)
        {
            crossings.Add(new Crossing(rule.Metric, feature, level, rule.Direction, value, level == AlertLevel.Alert ? rule.Alert : rule.Warning, reference));
        }
    }
}
