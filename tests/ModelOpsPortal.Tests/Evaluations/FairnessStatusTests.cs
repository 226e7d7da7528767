using System.Globalization;
using Bunit;
using ModelOpsPortal.Features.Evaluations.Components;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>The fairness status as a validator reads it: a chip with text and icon, and one sentence naming the groups and figures.</summary>
public sealed class FairnessStatusTests : PortalComponentTest
{
    private static readonly FairnessRules Rules = new();

    /// <summary>An attribute judged from given groups as (name, rows, selected), with the engine's own status.</summary>
    private static AttributeFairness Attribute(params (string Name, int Rows, int Selected)[] groups)
    {
        var rates = groups.ToDictionary(g => g.Name, g => new GroupRates(g.Rows, (double)g.Selected / g.Rows, null, null,
            SelectionRateInterval: Interval.Wilson(g.Selected, g.Rows), Judged: g.Rows >= Rules.MinGroupSize), StringComparer.Ordinal);
        var (status, reason) = AttributeFairness.Judge(rates, Rules);
        var selection = rates.Values.Select(r => r.SelectionRate).ToList();
        return new AttributeFairness(rates, selection.Max() - selection.Min(), selection.Min() / selection.Max(), null, null, status, reason);
    }

    private string Verdict(AttributeFairness fairness) =>
        Render<FairnessVerdict>(p => p.Add(v => v.Fairness, fairness).Add(v => v.Rules, Rules)).Find("[data-testid=fairness-verdict]").TextContent;

    [Theory]
    [InlineData(FairnessStatus.Pass, "Pass")]
    [InlineData(FairnessStatus.Warning, "Warning")]
    [InlineData(FairnessStatus.Fail, "Fail")]
    [InlineData(FairnessStatus.InsufficientData, "Insufficient data")]
    public void Each_status_chip_carries_its_name_and_an_icon_not_colour_alone(FairnessStatus status, string text)
    {
        var chip = Render<FairnessStatusChip>(p => p.Add(c => c.Status, status)).Find("[data-testid=fairness-status]");

        Assert.Equal(text, chip.TextContent.Trim());
        Assert.NotNull(chip.QuerySelector("svg"));
    }

    [Fact]
    public void A_failing_attribute_names_the_lowest_and_highest_groups_their_rates_and_the_rule()
    {
        var fairness = Attribute(("18-25", 400, 8), ("26-40", 500, 50));

        Assert.Equal(FairnessStatus.Fail, fairness.Status);
        Assert.Equal("18-25 is selected at 2.0% against 10.0% for 26-40: a disparate impact of 0.20, below the 0.80 rule, and the two intervals do not overlap.",
            Verdict(fairness).Trim());
    }

    [Fact]
    public void A_low_ratio_with_overlapping_intervals_passes_and_says_why()
    {
        var fairness = Attribute(("F", 60, 3), ("M", 60, 6));

        Assert.Equal(FairnessStatus.Pass, fairness.Status);
        Assert.Contains("is 0.50, but their intervals overlap, so the gap may be chance", Verdict(fairness), StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_large_groups_are_not_judged_and_korean_readers_get_the_sentence_in_korean()
    {
        var fairness = Attribute(("A", 400, 40), ("D", 12, 0));

        Assert.Equal(FairnessStatus.InsufficientData, fairness.Status);
        Assert.Contains("Fewer than two groups have at least 50 rows", Verdict(fairness), StringComparison.Ordinal);
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
        try
        {
            Assert.Contains("50행 이상인 집단이 둘이 되지 않아", Verdict(fairness), StringComparison.Ordinal);
            Assert.Equal("데이터 부족", Render<FairnessStatusChip>(p => p.Add(c => c.Status, FairnessStatus.InsufficientData)).Find("[data-testid=fairness-status]").TextContent.Trim());
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }
}
