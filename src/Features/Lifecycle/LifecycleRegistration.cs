using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.ScaleOut;
using ModelOpsPortal.Infrastructure.Web;

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
        // RequestInput takes its kind, role and fate as text to name a wrong one in words; the document lists what it accepts.
        services.Configure<OpenApiOptions>("v1", o => o.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(RequestInput) && schema.Properties is { } properties)
            {
                OneOf(properties, "kind", CreateRequest.KindNames);
                OneOf(properties, "role", CreateRequest.RoleNames);
                OneOf(properties, "previousChampion", CreateRequest.FateNames);
            }

            return Task.CompletedTask;
        }));
        return services.AddSingleton<LifecycleNotifier>()
            .AddSingleton<RequestQueries>().AddSingleton<ChampionHistory>().AddSingleton<RequestChanges>()
            .AddSingleton<InboxFeed>().AddSingleton<CreateRequest>().AddSingleton<DecideRequest>().AddSingleton<WithdrawRequest>().AddSingleton<AwaitDecision>()
            .AddSingleton<ModelOpsPortal.Infrastructure.DemoData.IDemoDataContributor, DemoLifecycle>();
    }

    private static void OneOf(IDictionary<string, IOpenApiSchema> properties, string name, IReadOnlyList<string> values)
    {
        if (properties.TryGetValue(name, out var property) && property is OpenApiSchema text)
        {
            text.Type = JsonSchemaType.String; // left out rather than null
            text.Enum = EnumWireNames.AsOpenApiEnum(values);
        }
    }
}
