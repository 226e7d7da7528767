namespace ModelOpsPortal.Features.Portfolio;

public static class PortfolioRegistration
{
    /// <summary>The portfolio read model and the KPI policy (section <c>Kpis</c>) its sets judge by.</summary>
    public static IServiceCollection AddPortfolio(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KpiOptions>().Bind(configuration.GetSection(KpiOptions.Section))
            .Validate(o => o.RevalidationMonths.Values.All(m => m is >= 1 and <= 120), "Kpis:RevalidationMonths values must be between 1 and 120.")
            .Validate(o => o.UnwatchedAfterDays is >= 1 and <= 3650, "Kpis:UnwatchedAfterDays must be between 1 and 3650.")
            .Validate(o => o.StaleTrainingDataMonths is >= 1 and <= 240, "Kpis:StaleTrainingDataMonths must be between 1 and 240.")
            .Validate(o => o.Quarters is >= 1 and <= 40, "Kpis:Quarters must be between 1 and 40.")
            .Validate(o => o.SnapshotSeconds is >= 0 and <= 3600, "Kpis:SnapshotSeconds must be between 0 and 3600.")
            .ValidateOnStart();
        return services.AddSingleton<PortfolioQueries>();
    }
}
