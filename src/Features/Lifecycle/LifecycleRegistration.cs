namespace ModelOpsPortal.Features.Lifecycle;

public static class LifecycleRegistration
{
    public static IServiceCollection AddLifecycle(this IServiceCollection services) => services.AddSingleton<LifecycleService>();
}
