using ModelOpsPortal.App.Components;

namespace ModelOpsPortal.App;

public static class ShellRegistration
{
    public static IServiceCollection AddPortalShell(this IServiceCollection services) =>
        services.AddHttpContextAccessor().AddScoped<BrowserTimeZone>().AddSingleton<Theme.ThemeStyles>();
}
