using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Features.Lineage.Components;

namespace ModelOpsPortal.Features.Lineage;

public static class LineageRegistration
{
    public static IServiceCollection AddLineage(this IServiceCollection services) =>
        services.AddSingleton<LineageService>().AddScoped<LineageCaptions>()
            .AddPageSection<VersionLinks>(PageSlot.VersionHeader, order: 10);
}
