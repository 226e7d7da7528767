namespace ModelOpsPortal.Features.Kpis;

public static class KpisRegistration
{
    /// <summary>The dashboard; it counts through the portfolio read model (<c>AddPortfolio</c>), which binds the KPI policy.</summary>
    public static IServiceCollection AddKpis(this IServiceCollection services) => services.AddSingleton<KpiService>();
}
