namespace ModelOpsPortal.Infrastructure.Auth;

/// <summary>
/// The demo users of the development sign-in: one per role, and one who is both DataScientist and Validator
/// for trying separation of duties. They exist only in Development with no OpenID provider configured.
/// </summary>
public static class DevelopmentUsers
{
    public sealed record User(string Id, string Name, IReadOnlyList<string> Roles);

    public static IReadOnlyList<User> All { get; } =
    [
        new("hana.kim", "Hana Kim", [PortalRoles.DataScientist]),
        new("priya.raman", "Priya Raman", [PortalRoles.Validator]),
        new("min-jun.lee", "Min-jun Lee", [PortalRoles.Executive]),
        new("aisha.bello", "Aisha Bello", [PortalRoles.Auditor]),
        new("noah.fischer", "Noah Fischer", [PortalRoles.Admin]),
        new("daniel.okafor", "Daniel Okafor", [PortalRoles.DataScientist, PortalRoles.Validator]),
    ];

    public static User? Find(string? id) => All.FirstOrDefault(u => string.Equals(u.Id, id, StringComparison.Ordinal));
}
