using Microsoft.Extensions.Options;
using ModelOpsPortal.Features.Access.ApiKeys;
using ModelOpsPortal.Infrastructure.Auth;

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

    /// <summary>
    /// Enters the accounts the portal knows before anyone signs in (the configured service accounts and, with the
    /// development sign-in, its users) in the people directory, so they can be named as owners and developers.
    /// </summary>
    public static async Task RecordKnownAccountsAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var people = services.GetRequiredService<PeopleDirectory>();
        foreach (var account in services.GetRequiredService<IOptions<ServiceAccountSettings>>().Value.ServiceAccounts)
        {
            await people.RecordAsync(ApiKeyService.ServiceAccountId(account.Name), account.Name, null, serviceAccount: true, ct);
        }

        if (services.GetRequiredService<SignInMode>().DevelopmentSignIn)
        {
            foreach (var user in DevelopmentUsers.All)
            {
                await people.RecordAsync(user.Id, user.Name, null, serviceAccount: false, ct);
            }
        }
    }
}
