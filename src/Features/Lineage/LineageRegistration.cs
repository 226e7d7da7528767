namespace ModelOpsPortal.Features.Lineage;

public static class LineageRegistration
{
    public static IServiceCollection AddLineage(this IServiceCollection services) => services.AddSingleton<LineageService>().AddScoped<Components.LineageCaptions>();
}
