namespace ModelOpsPortal.Infrastructure.Auth;

/// <summary>The portal's roles (../shared/GUIDE.md). A person may hold several.</summary>
public static class PortalRoles
{
    public const string DataScientist = "DataScientist";
    public const string Validator = "Validator";
    public const string Executive = "Executive";
    public const string Auditor = "Auditor";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [DataScientist, Validator, Executive, Auditor, Admin];
}

/// <summary>Named policies, in one place. Every page and endpoint names one of these.</summary>
public static class Policies
{
    /// <summary>Anyone signed in, with or without a portal role (who am I, sign-out).</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>Anyone who holds a portal role: read the inventory and the model pages.</summary>
    public const string ReadPortfolio = nameof(ReadPortfolio);

    /// <summary>Register and edit models and versions (DataScientist).</summary>
    public const string RegisterModels = nameof(RegisterModels);

    /// <summary>Set threshold rules, acknowledge and resolve alerts (Validator).</summary>
    public const string ManageMonitoring = nameof(ManageMonitoring);

    /// <summary>Approve or reject requests (Validator); the service adds separation of duties.</summary>
    public const string DecideRequests = nameof(DecideRequests);

    /// <summary>Read and verify the audit log (Auditor).</summary>
    public const string ReadAudit = nameof(ReadAudit);

    /// <summary>API keys and settings (Admin).</summary>
    public const string Administer = nameof(Administer);

    public static IServiceCollection AddPortalAuthorization(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(ReadPortfolio, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.All))
            .AddPolicy(RegisterModels, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.DataScientist))
            .AddPolicy(ManageMonitoring, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Validator))
            .AddPolicy(DecideRequests, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Validator))
            .AddPolicy(ReadAudit, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Auditor))
            .AddPolicy(Administer, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Admin))
            .Services;
}
