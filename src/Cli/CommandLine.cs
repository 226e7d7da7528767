using System.Globalization;

namespace ModelOps.Cli;

/// <summary>A usage mistake: an unknown command or option, a missing or malformed value, a file that cannot be read.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// One command line: the command word, then <c>--option value</c> pairs and <c>--flag</c>s. Every option a command reads
/// is taken from here; what is left over is named as unknown, so a typo never passes silently.
/// </summary>
public sealed class CommandLine
{
    private static readonly HashSet<string> Flags = ["json", "help", "accept-no-champion", "wait"];
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public CommandLine(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Command = args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "help";
        for (var i = Command == "help" && (args.Count == 0 || args[0] != "help") ? 0 : 1; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                throw new UsageException($"'{args[i]}' is not an option; options start with -- (see modelops help).");
            }

            var name = args[i][2..];
            if (Flags.Contains(name))
            {
                flags.Add(name);
            }
            else if (i + 1 >= args.Count)
            {
                throw new UsageException($"--{name} needs a value.");
            }
            else if (!values.TryAdd(name, args[++i]))
            {
                throw new UsageException($"--{name} is given twice.");
            }
        }
    }

    public string Command { get; }

    public bool Json => Flag("json");

    public bool Flag(string name)
    {
        read.Add(name);
        return flags.Contains(name);
    }

    public string? Optional(string name)
    {
        read.Add(name);
        return values.GetValueOrDefault(name);
    }

    public string Required(string name) => Optional(name) ?? throw new UsageException($"{Command} needs --{name}.");

    public int? OptionalNumber(string name) => Optional(name) is { } text
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException($"--{name} must be a whole number, not '{text}'.")
        : null;

    public DateOnly? OptionalDate(string name) => Optional(name) is { } text
        ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new UsageException($"--{name} must be a date like 2026-11-01, not '{text}'.")
        : null;

    /// <summary>Refuses options the command did not read.</summary>
    public void ThrowIfUnknown()
    {
        // --json is every command's.
        var unknown = values.Keys.Concat(flags).Where(o => !read.Contains(o) && o != "json").Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"{Command} does not take {string.Join(", ", unknown.Select(o => "--" + o))} (see modelops help).");
        }
    }
}
