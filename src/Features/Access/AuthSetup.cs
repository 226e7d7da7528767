using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using ModelOpsPortal.Features.Access.ApiKeys;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Features.Access;

/// <summary>
/// Who may come in: people through OpenID Connect (or, in Development without a provider, the development
/// sign-in), pipelines through API keys. Pages challenge with a redirect to sign in; the API with 401/403
/// ProblemDetails (docs/decisions/005-sign-in-and-roles.md).
/// </summary>
public static class AuthSetup
{
    private const string SelectAuthenticate = "Portal";
    private const string SelectChallenge = "PortalChallenge";
    private const string SelectForbid = "PortalForbid";
    public const string DevelopmentSignInPath = "/dev/sign-in";
    public const string AccessDeniedPath = "/access-denied";

    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(AuthSettings.Section).Get<AuthSettings>() ?? new AuthSettings();
        services.AddOptions<AuthSettings>().Bind(configuration.GetSection(AuthSettings.Section));
        var oidc = settings.Oidc;
        var developmentSignIn = environment.IsDevelopment() && !oidc.IsConfigured;
        if (!developmentSignIn)
        {
            ThrowIfIncomplete(oidc);
        }

        services.AddSingleton(new SignInMode(developmentSignIn));
        services.AddSingleton<PeopleDirectory>();
        var auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = SelectAuthenticate;
            o.DefaultChallengeScheme = SelectChallenge;
            o.DefaultForbidScheme = SelectForbid;
            o.DefaultSignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.DefaultSignOutScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        });

        auth.AddPolicyScheme(SelectAuthenticate, null, o => o.ForwardDefaultSelector = http =>
            HasBearer(http) ? ApiKeyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme);
        auth.AddPolicyScheme(SelectChallenge, null, o => o.ForwardDefaultSelector = http =>
            IsApi(http) || HasBearer(http) ? ApiKeyAuthenticationHandler.SchemeName
            : developmentSignIn ? CookieAuthenticationDefaults.AuthenticationScheme : OpenIdConnectDefaults.AuthenticationScheme);
        auth.AddPolicyScheme(SelectForbid, null, o => o.ForwardDefaultSelector = http =>
            IsApi(http) || HasBearer(http) ? ApiKeyAuthenticationHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme);

        auth.AddCookie(o =>
        {
            o.Cookie.Name = "ModelOps.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = DevelopmentSignInPath;
            o.AccessDeniedPath = AccessDeniedPath;
        });
        auth.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        if (oidc.IsConfigured)
        {
            auth.AddOpenIdConnect(o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                // The code comes back on a top-level GET, so Lax cookies suffice for correlation and nonce.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                if (environment.IsDevelopment())
                {
                    // A developer's provider may run on plain HTTP; everywhere else these cookies are Secure.
                    o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                }
                o.UsePkce = true;
                o.SaveTokens = true; // the ID token is the hint for the provider's sign-out
                o.MapInboundClaims = false;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.Scope.Clear();
                foreach (var scope in oidc.Scopes)
                {
                    o.Scope.Add(scope);
                }

                o.TokenValidationParameters.NameClaimType = oidc.NameClaim;
                o.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
                o.SignedOutRedirectUri = "/";
                o.Events.OnTokenValidated = async context =>
                {
                    // The provider's roles or groups become portal roles, as configured.
                    if (context.Principal?.Identity is ClaimsIdentity identity)
                    {
                        foreach (var role in RoleMapper.Map(identity.Claims.ToList(), oidc))
                        {
                            identity.AddClaim(new Claim(ClaimTypes.Role, role));
                        }

                        // Known by stable id from now on, so the person can be named as an owner or developer.
                        await context.HttpContext.RequestServices.GetRequiredService<PeopleDirectory>()
                            .RecordSignInAsync(context.Principal, context.HttpContext.RequestAborted);
                    }
                };
            });
        }

        return services;
    }

    /// <summary>Outside Development the portal needs a provider; say exactly which settings are missing.</summary>
    private static void ThrowIfIncomplete(OidcSettings oidc)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(oidc.Authority))
        {
            missing.Add("Auth:Oidc:Authority (environment variable Auth__Oidc__Authority)");
        }

        if (string.IsNullOrWhiteSpace(oidc.ClientId))
        {
            missing.Add("Auth:Oidc:ClientId (Auth__Oidc__ClientId)");
        }

        if (missing.Count > 0)
        {
            throw new OptionsValidationException(AuthSettings.Section, typeof(AuthSettings),
                [$"Sign-in is not configured. Outside Development the portal needs an OpenID Connect provider; missing: {string.Join("; ", missing)}."]);
        }
    }

    private static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/openapi");

    private static bool HasBearer(HttpContext http) => http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Whether the development sign-in is on (Development with no OpenID provider configured).</summary>
public sealed record SignInMode(bool DevelopmentSignIn);
