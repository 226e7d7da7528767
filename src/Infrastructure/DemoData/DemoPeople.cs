using System.Globalization;
using System.Text;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Audit;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Infrastructure.DemoData;

/// <summary>
/// The people of the demo portfolio with stable ids: the development sign-in's users keep theirs ("hana.kim"), so
/// signing in as one of them is the same person the demo records name; the others get one made from their name.
/// </summary>
public static class DemoPeople
{
    /// <summary>Validators who decided the demo's past requests (the first two are development sign-in users).</summary>
    public static IReadOnlyList<string> Validators { get; } = ["Priya Raman", "Daniel Okafor", "Marta Nowak", "Kenji Sato"];

    public static string IdOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (DevelopmentUsers.All.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)) is { } user)
        {
            return user.Id;
        }

        var plain = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            plain.Append(char.IsWhiteSpace(c) ? '.' : char.ToLowerInvariant(c));
        }

        return plain.ToString();
    }

    public static List<string> IdsOf(IEnumerable<string> names) => [.. names.Select(IdOf)];

    /// <summary>A demo person acting through a service (the replayed requests), with their id.</summary>
    public static Actor Actor(string name) => new(name, [], IdOf(name));

    /// <summary>Directory rows for everyone the demo names, as if each had signed in when first recorded.</summary>
    public static List<Person> Directory(IEnumerable<string> names, DateTime seenAt) =>
        [.. names.Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Select(n => new Person
        {
            Id = IdOf(n), DisplayName = n, FirstSeenAt = seenAt, LastSeenAt = seenAt,
        })];
}
