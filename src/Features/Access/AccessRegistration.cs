using ModelOpsPortal.Features.Access.ApiKeys;

namespace ModelOpsPortal.Features.Access;

public static class AccessRegistration
{
    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceAccountSettings>().Bind(configuration.GetSection(ServiceAccountSettings.Section))
            .Validate(s => s.ServiceAccounts.All(a => !string.IsNullOrWhiteSpace(a.Name) && a.Roles.Count > 0
                    && a.KeySha256.Length == 64 && a.KeySha256.All(Uri.IsHexDigit)),
                "Each Portal:ServiceAccounts entry needs a Name, at least one of Roles, and KeySha256 as 64 hex characters.")
            .ValidateOnStart();
        return services.AddSingleton<ApiKeyService>();
    }
}
