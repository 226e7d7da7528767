using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>
/// A request the endpoint could not even bind (a body that is not the JSON it expects, an enum given as a number, a
/// query value of the wrong type) is answered like every other invalid request: 400 with a ProblemDetails whose
/// <c>errors</c> name the field by its JSON path and say what was wrong, never ASP.NET's bare 400 or a stack trace.
/// </summary>
public static partial class BadRequests
{
    public static IServiceCollection AddBadRequestProblems(this IServiceCollection services)
    {
        // Binding failures become exceptions this middleware turns into answers (otherwise: an empty 400 and a log line).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new StrictEnumConverter());
            // A number is a number: "12" for an id is refused naming the field (the web default reads it), and the
            // OpenAPI document then describes ids and figures as plain integers and numbers, not "integer or string".
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        return services;
    }

    public static IApplicationBuilder UseBadRequestProblems(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.Use(async (http, next) =>
        {
            try
            {
                await next(http);
                if (http.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType && !http.Response.HasStarted)
                {
                    // The endpoint answered 415 without a body (a JSON endpoint given another content type).
                    await WriteUnsupportedAsync(http);
                }
            }
            catch (BadHttpRequestException e) when (!http.Response.HasStarted && e.StatusCode is >= 400 and < 500)
            {
                await WriteAsync(http, e);
            }
        }));

    private static Task WriteAsync(HttpContext http, BadHttpRequestException e)
    {
        http.Response.StatusCode = e.StatusCode;
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return WriteUnsupportedAsync(http);
        }

        if (e.StatusCode != StatusCodes.Status400BadRequest)
        {
            return ApiResults.WriteProblemAsync(http, e.StatusCode, "Bad request", e.Message);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (e.InnerException is JsonException json)
        {
            // The portal's own converters say what was wrong; System.Text.Json's messages (which carry "LineNumber:") get ours.
            errors[Field(json.Path)] = [!json.Message.Contains("LineNumber:", StringComparison.Ordinal) ? json.Message
                : json.Message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal)
                    ? ValidationText.Format(ValidationText.WrongJsonType, Where(json))
                    : ValidationText.Format(ValidationText.MalformedJson, Where(json))];
        }
        else if (MissingParameter().Match(e.Message) is { Success: true } missing)
        {
            errors[JsonNamingPolicy.CamelCase.ConvertName(missing.Groups["name"].Value)] = [ValidationText.Format(ValidationText.ParameterRequired, missing.Groups["source"].Value)];
        }
        else if (UnbindableParameter().Match(e.Message) is { Success: true } unbindable)
        {
            // ASP.NET names the C# type ("Nullable<VersionStage> stage"); the caller gets the parameter and, for an enum, its values.
            var name = unbindable.Groups["name"].Value;
            var values = ParameterType(http, name) is { IsEnum: true } type ? string.Join(", ", EnumWireNames.Of(type)) : null;
            errors[JsonNamingPolicy.CamelCase.ConvertName(name)] = [values is null
                ? ValidationText.Format(ValidationText.ParameterInvalid, unbindable.Groups["value"].Value)
                : ValidationText.Format(ValidationText.ParameterNotOneOf, unbindable.Groups["value"].Value, values)];
        }
        else
        {
            errors[""] = [e.Message];
        }

        return WriteErrorsAsync(http, StatusCodes.Status400BadRequest, "The request has invalid fields", errors);
    }

    /// <summary>415, not 400: the body may be fine, its label is not. The header is named like a field, with what to send.</summary>
    private static Task WriteUnsupportedAsync(HttpContext http)
    {
        var accepted = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes ?? ["application/json"];
        http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Content-Type"] = [ValidationText.Format(ValidationText.ContentTypeNotAccepted, http.Request.ContentType ?? "(none)", string.Join(", ", accepted))],
        };
        return WriteErrorsAsync(http, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", errors);
    }

    private static Task WriteErrorsAsync(HttpContext http, int status, string title, Dictionary<string, string[]> errors) =>
        http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(errors)
            {
                Status = status,
                Title = title,
                Detail = "Fix the fields named in 'errors' and send it again.",
            },
        }).AsTask();

    [GeneratedRegex("""^Required parameter "[^"]*?(?<name>\w+)" was not provided from (?<source>[^.]+)\.""")]
    private static partial Regex MissingParameter();

    [GeneratedRegex("""^Failed to bind parameter "[^"]*?(?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex UnbindableParameter();

    /// <summary>The handler's parameter of that name, or a property of an <c>[AsParameters]</c> record; without nullable.</summary>
    private static Type? ParameterType(HttpContext http, string name)
    {
        var method = http.GetEndpoint()?.Metadata.OfType<MethodInfo>().FirstOrDefault();
        var candidates = (method?.GetParameters() ?? []).SelectMany(p => p.GetCustomAttribute<AsParametersAttribute>() is null
            ? [(p.Name, p.ParameterType)]
            : p.ParameterType.GetProperties().Select(x => ((string?)x.Name, x.PropertyType)));
        var type = candidates.FirstOrDefault(c => string.Equals(c.Item1, name, StringComparison.OrdinalIgnoreCase)).Item2;
        return type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary><c>$.features[1].type</c> → <c>features[1].type</c>, as the portal's other field errors are named.</summary>
    private static string Field(string? path) => path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Where(JsonException e) =>
        e.LineNumber is long line ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : Field(e.Path);
}
