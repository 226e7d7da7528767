using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.DemoData;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

public sealed class DemoPortfolioTests
{
    private static readonly DateTime Now = TestDatabase.Now.UtcDateTime;

    [Fact]
    public void The_same_date_builds_the_same_portfolio()
    {
        static string Fingerprint(IEnumerable<Model> models) => string.Join("|", models.SelectMany(m =>
            m.Versions.Select(v => $"{m.Name}/{v.Number}/{v.Stage}/{v.ProductionRole}/{v.Language}/{v.CreatedAt:O}/{v.Deployments.Count}")));

        Assert.Equal(Fingerprint(DemoPortfolio.Build(Now)), Fingerprint(DemoPortfolio.Build(Now)));
    }

    [Fact]
    public void It_is_a_realistic_spread_of_forty_models()
    {
        var models = DemoPortfolio.Build(Now);

        Assert.Equal(40, models.Count);
        Assert.Equal(40, models.Select(m => m.Name).Distinct().Count());
        Assert.All(models, m => Assert.InRange(m.Versions.Count, 1, 6));
        Assert.All(models, m => Assert.True(m.Versions.Count(v => v.ProductionRole == ProductionRole.Champion) <= 1, m.Name));
        Assert.Equal(6, models.Select(m => m.BusinessUnit).Distinct().Count());
        Assert.Contains(models, m => m.ModelType == ModelType.Regression);
        Assert.True(models.SelectMany(m => m.Versions).Select(v => v.Language).Distinct().Count() >= 4, "mixed languages");
        Assert.Contains(models, m => m.Versions.All(v => v.Deployments.Count == 0)); // never deployed
        Assert.Contains(models, m => m.Versions.All(v => v.Stage == VersionStage.Retired)); // retired
        Assert.Contains(models, m => m.Versions.Any(v => v.ProductionRole == ProductionRole.Challenger));
    }

    [Fact]
    public void Deployment_history_lies_within_the_last_24_months_and_live_ones_are_in_production()
    {
        var versions = DemoPortfolio.Build(Now).SelectMany(m => m.Versions).ToList();
        var deployments = versions.SelectMany(v => v.Deployments.Select(d => (v, d))).ToList();

        Assert.NotEmpty(deployments);
        Assert.All(deployments, x => Assert.InRange(x.d.DeployedAt, Now.AddMonths(-24), Now));
        Assert.All(deployments.Where(x => x.d.RemovedAt is null), x => Assert.Equal(VersionStage.Production, x.v.Stage));
        Assert.All(deployments.Where(x => x.d.RemovedAt is not null), x => Assert.True(x.d.RemovedAt >= x.d.DeployedAt));
        Assert.All(versions.Where(v => v.ProductionRole == ProductionRole.Champion), v => Assert.Contains(v.Deployments, d => d.RemovedAt is null));
    }
}
