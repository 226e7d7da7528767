using ModelOpsPortal.Features.Kpis;
using ModelOpsPortal.Features.Kpis.Engine;
using ModelOpsPortal.Features.Portfolio.Engine;
using ModelOpsPortal.Features.Portfolio;

namespace ModelOpsPortal.Tests.Kpis;

/// <summary>The KPI engine's statistics (checked against numpy's default percentile), quarters and set names.</summary>
public sealed class KpiMathTests
{
    [Theory]
    [InlineData(new double[] { 45, 59, 61, 245 }, 0.5, 60)]
    [InlineData(new double[] { 45, 59, 61, 245 }, 0.9, 189.8)] // numpy.percentile([45,59,61,245], 90)
    [InlineData(new double[] { 3, 9, 9, 10, 14, 19, 20 }, 0.9, 19.4)]
    [InlineData(new double[] { 7 }, 0.9, 7)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0, 1)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 1, 4)]
    public void Percentiles_interpolate_between_closest_ranks(double[] sorted, double p, double expected) =>
        Assert.Equal(expected, Distribution.Percentile(sorted, p)!.Value, 9);

    [Theory]
    [InlineData(1, 0.5, 0, 0, 0.0)]
    [InlineData(7, 0.5, 3, 4, 0.0)]
    [InlineData(7, 0.9, 5, 6, 0.4)]
    [InlineData(4, 0.9, 2, 3, 0.7)]
    [InlineData(4, 1.0, 3, 3, 0.0)]
    public void Ranks_name_the_two_values_a_percentile_lies_between(int count, double p, int below, int above, double fraction)
    {
        var ranks = Distribution.Ranks(count, p);
        Assert.Equal((below, above), (ranks.Below, ranks.Above));
        Assert.Equal(fraction, ranks.Fraction, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.Ranks(0, 0.5));
    }

    [Fact]
    public void No_values_have_no_percentile_and_an_empty_summary()
    {
        Assert.Null(Distribution.Percentile([], 0.5));
        Assert.Equal(new DurationSummary(0, null, null), DurationSummary.Of([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Distribution.Percentile([1.0], 1.5));
    }

    [Theory]
    [InlineData("2026-11-28", "2026Q4")]
    [InlineData("2026-01-01", "2026Q1")]
    [InlineData("2026-03-31", "2026Q1")]
    [InlineData("2026-04-01", "2026Q2")]
    public void A_date_falls_in_its_calendar_quarter(string date, string quarter) =>
        Assert.Equal(quarter, Quarter.Of(DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ToString());

    [Fact]
    public void Quarters_parse_count_back_and_span_three_months()
    {
        Assert.True(Quarter.TryParse("2025q1", out var q));
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), q.Start);
        Assert.Equal(new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc), q.End);
        Assert.Equal(["2025Q3", "2025Q4", "2026Q1"], new Quarter(2026, 1).LastOf(3).Select(x => x.ToString()));
        Assert.False(Quarter.TryParse("2025Q5", out _));
        Assert.False(Quarter.TryParse("2025-Q1", out _));
    }

    [Fact]
    public void Set_names_are_kebab_case_and_read_back()
    {
        Assert.Equal("production-after-three-months", KpiSelection.Name(KpiSet.ProductionAfterThreeMonths));
        foreach (var set in Enum.GetValues<KpiSet>())
        {
            Assert.True(KpiSelection.TryParse(KpiSelection.Name(set), out var back));
            Assert.Equal(set, back);
        }

        Assert.False(KpiSelection.TryParse("best-models", out _));
    }
}
