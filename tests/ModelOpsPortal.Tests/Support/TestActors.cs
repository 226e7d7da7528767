using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Tests.Support;

/// <summary>People who act through the services directly (no sign-in), with the roles the rules ask for.</summary>
public static class TestActors
{
    public static Actor Validator(string name) => new(name, [PortalRoles.Validator]);
}
