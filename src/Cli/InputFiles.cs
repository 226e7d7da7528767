using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ModelOps.Cli;

/// <summary>Files a pipeline hands the tool: a model's or version's description (JSON or YAML) and the artifact it hashes.</summary>
public static class InputFiles
{
    /// <summary>A JSON or YAML file (by its extension) as a JSON object; YAML's plain scalars keep their types (numbers, true/false, null).</summary>
    public static JsonObject ReadObject(string path)
    {
        var text = ReadText(path);
        try
        {
            var node = Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml" ? FromYaml(text) : JsonNode.Parse(text);
            return node as JsonObject ?? throw new UsageException($"{path} must hold one object ({{…}} in JSON, key: value lines in YAML).");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path} is not valid JSON: {e.Message}");
        }
        catch (YamlException e)
        {
            throw new UsageException($"{path} is not valid YAML: line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
    }

    /// <summary>The lower-case hex SHA-256 of a file, as the portal stores an artifact's hash.</summary>
    public static string Sha256(string path)
    {
        using var file = Open(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    public static FileStream Open(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read {path}: {e.Message}");
        }
    }

    private static string ReadText(string path)
    {
        using var file = Open(path);
        using var reader = new StreamReader(file);
        return reader.ReadToEnd();
    }

    private static JsonNode? FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static JsonNode? Plain(string? value) => value switch
    {
        null or "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(value),
    };
}
