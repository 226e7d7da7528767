namespace ModelOpsPortal.Features.Inventory;

public static class InventoryRegistration
{
    public static IServiceCollection AddInventory(this IServiceCollection services) =>
        services.AddSingleton<InventoryService>().AddSingleton<DeploymentService>();
}
