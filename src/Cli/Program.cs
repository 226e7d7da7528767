namespace ModelOps.Cli;

/// <summary>The tool's entry point (named, not top-level, so the tests can reference both it and the portal).</summary>
public static class Entry
{
    public static Task<int> Main(string[] args) =>
        CliApp.RunAsync(args, new CliContext(Console.Out, Console.Error, Environment.GetEnvironmentVariable, ConfigFile.Default));
}
