using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Kpis;
using ModelOpsPortal.Features.Kpis.Components;
using ModelOpsPortal.Features.Kpis.Engine;

namespace ModelOpsPortal.Tests.Kpis;

/// <summary>Which models a chart's bar opens: the same addresses as the figures' links, with the dashboard's filters.</summary>
public sealed class KpiLinksTests
{
    private static readonly KpiFilter Retail = new("Retail & Cards", RiskTier.High);

    private static KpiReport Report() => new(
        new DateTime(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc), Retail,
        [new StageCount(VersionStage.Development, 2), new StageCount(VersionStage.Production, 5), new StageCount(null, 1)],
        [], [], new ProductionReach(8, 5, 0.625, 9, 5, 0.55), new TimeToProduction(new DurationSummary(0, null, null), 0, null, 0, null, []),
        [], new ProductionHealth(5, 0, 0, 0, 0, 0), [], new TrainingDataAge(0, 0, null, 0),
        [new QuarterThroughput("2026Q3", 1, 2, 0), new QuarterThroughput("2026Q4", 3, 0, 1)]);

    [Theory]
    [InlineData(0, 0, "/models?kpi=reached-production&businessUnit=Retail%20%26%20Cards&riskTier=High")]
    [InlineData(0, 1, "/models?kpi=production-after-three-months&businessUnit=Retail%20%26%20Cards&riskTier=High")]
    [InlineData(0, 2, "/models?kpi=production-after-seven-months&businessUnit=Retail%20%26%20Cards&riskTier=High")]
    [InlineData(1, 0, null)]
    [InlineData(0, 3, null)]
    public void Survey_bars_of_this_portfolio_open_their_models_and_the_surveys_open_nothing(int trace, int point, string? expected) =>
        Assert.Equal(expected, KpiLinks.SurveyBar(Retail, trace, point));

    [Theory]
    [InlineData(0, 0, "/models?kpi=registered&quarter=2026Q3&businessUnit=Retail%20%26%20Cards&riskTier=High")]
    [InlineData(1, 1, "/models?kpi=promoted&quarter=2026Q4&businessUnit=Retail%20%26%20Cards&riskTier=High")]
    [InlineData(2, 1, "/models?kpi=retired&quarter=2026Q4&businessUnit=Retail%20%26%20Cards&riskTier=High")]
    [InlineData(3, 0, null)]
    [InlineData(0, 2, null)]
    [InlineData(0, -1, null)]
    public void Throughput_bars_open_the_models_moved_in_their_quarter(int trace, int point, string? expected) =>
        Assert.Equal(expected, KpiLinks.ThroughputBar(Report(), trace, point));

    [Theory]
    [InlineData(0, "/models?stage=Development&businessUnit=Retail%20%26%20Cards&riskTier=High")]
    [InlineData(1, "/models?stage=Production&businessUnit=Retail%20%26%20Cards&riskTier=High")]
    [InlineData(2, null)]
    [InlineData(3, null)]
    public void Stage_bars_open_the_models_at_that_stage_and_models_without_versions_open_nothing(int point, string? expected) =>
        Assert.Equal(expected, KpiLinks.StageBar(Report(), point));
}
