namespace ModelOpsPortal.Features.Inventory;

public static class InventoryRegistration
{
    public static IServiceCollection AddInventory(this IServiceCollection services) =>
        services.AddSingleton<InventoryQueries>().AddSingleton<RegisterModel>().AddSingleton<EditModel>()
            .AddSingleton<SetSensitiveAttributes>().AddSingleton<RegisterVersion>().AddSingleton<DeploymentService>()
            .AddSingleton<RecordTrainingMetrics>().AddSingleton<SetVersionTags>();
}
