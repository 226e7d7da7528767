using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>
/// Enums in the API's JSON are their names, and only their defined names: a number (<c>"riskTier": 99</c>), a numeric
/// string or a comma list would otherwise be stored as a value no screen, filter or rule knows (a tier-99 model needed
/// one approval and vanished from every filter). The refusal names the allowed values; <see cref="BadRequests"/> puts it
/// under the field's JSON path. Names are matched ignoring case and written as declared, or as a member's
/// <see cref="JsonStringEnumMemberNameAttribute"/> says (KPI sets are kebab-case, as their URLs are).
/// </summary>
public sealed class StrictEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly string[] Names = EnumWireNames.Of(typeof(T));
        private static readonly T[] Values = Enum.GetValues<T>();

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString()?.Trim() ?? "";
                var index = Array.FindIndex(Names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    return Values[index];
                }
            }

            var shown = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                _ => reader.TokenType.ToString(),
            };
            throw new JsonException(ValidationText.Format(ValidationText.EnumNameRequired, shown, string.Join(", ", Names)));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(Name(value));
        }

        private static string Name(T value) => Array.IndexOf(Values, value) is var i and >= 0 ? Names[i] : value.ToString();

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Read(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WritePropertyName(Name(value));
        }
    }
}

/// <summary>An enum's names on the wire, in the order of <see cref="Enum.GetValues(Type)"/>: each member's declared name, or
/// the one its <see cref="JsonStringEnumMemberNameAttribute"/> gives.</summary>
public static class EnumWireNames
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string[]> Cache = new();

    public static string[] Of(Type type) => Cache.GetOrAdd(type, t =>
        [.. Enum.GetValues(t).Cast<Enum>().Select(v => t.GetField(v.ToString())!.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
            is [JsonStringEnumMemberNameAttribute named, ..] ? named.Name : v.ToString())]);

    /// <summary>The wire name of a defined value; an undefined one (a number) is written as <see cref="Enum.ToString()"/> was.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => Array.IndexOf(Values<T>.All, value) is var i and >= 0 ? Of(typeof(T))[i] : value.ToString();

    /// <summary>The values as an OpenAPI <c>enum</c> list.</summary>
    public static List<JsonNode> AsOpenApiEnum(IEnumerable<string> names) => [.. names.Select(n => (JsonNode)JsonValue.Create(n))];

    private static class Values<T>
        where T : struct, Enum
    {
        public static readonly T[] All = Enum.GetValues<T>();
    }
}

public static class EnumNamesInOpenApi
{
    /// <summary>
    /// The OpenAPI document describes every enum as the string names <see cref="StrictEnumConverter"/> accepts (the
    /// generator knows only its own converter and would describe a custom one as any value).
    /// </summary>
    public static OpenApiOptions DocumentEnumNames(this OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum)
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = EnumWireNames.AsOpenApiEnum(EnumWireNames.Of(type));
            }

            return Task.CompletedTask;
        });
}
