using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.ScaleOut;

namespace ModelOpsPortal.Features.Lifecycle;

public static class LifecycleRegistration
{
    public static IServiceCollection AddLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LifecycleOptions>().Bind(configuration.GetSection(LifecycleOptions.Section))
            .Validate(o => o.ApprovalsRequired.Values.All(n => n is >= 1 and <= 5), "Lifecycle:ApprovalsRequired values must be between 1 and 5.")
            .ValidateOnStart();
        // The notifier reaches other instances' pages through the bus (Program registers it too).
        services.AddPortalScaleOut(configuration);
        services.AddPageSection<Components.ChampionOnDate>(PageSlot.ModelSide, order: 10, testId: "champion-on-date")
            .AddPageSection<Components.VersionLifecycle>(PageSlot.VersionTop, order: 10, testId: "version-lifecycle");
        return services.AddSingleton<LifecycleNotifier>()
            .AddSingleton<RequestQueries>().AddSingleton<ChampionHistory>().AddSingleton<RequestChanges>()
            .AddSingleton<CreateRequest>().AddSingleton<DecideRequest>().AddSingleton<WithdrawRequest>()
            .AddSingleton<ModelOpsPortal.Infrastructure.DemoData.IDemoDataContributor, DemoLifecycle>();
    }
}
