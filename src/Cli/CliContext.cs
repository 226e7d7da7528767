namespace ModelOps.Cli;

/// <summary>What a command reads and writes besides the portal: its output, the environment and the saved settings.</summary>
/// <param name="Http">The HTTP client to call the portal with; null makes one for the portal URL (tests pass the portal's own).</param>
public sealed record CliContext(TextWriter Out, TextWriter Error, Func<string, string?> Environment, ConfigFile Config, HttpClient? Http = null);

/// <summary>
/// The portal URL and the name of the environment variable holding the API key, saved by <c>modelops login</c> in
/// <c>~/.config/modelops/config.json</c>. The key itself is never written to disk.
/// </summary>
public sealed class ConfigFile(string path)
{
    public static ConfigFile Default { get; } = new(System.IO.Path.Combine(
        System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".config", "modelops", "config.json"));

    public string Path { get; } = path;

    public (string? Portal, string? KeyVariable) Read()
    {
        if (!File.Exists(Path))
        {
            return (null, null);
        }

        var saved = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path));
        return (saved?["portal"]?.GetValue<string>(), saved?["apiKeyVariable"]?.GetValue<string>());
    }

    public void Write(string portal, string keyVariable)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, new System.Text.Json.Nodes.JsonObject { ["portal"] = portal, ["apiKeyVariable"] = keyVariable }.ToJsonString());
    }
}
