using System.Text.Json;
using ModelOpsPortal.Infrastructure.Validation;

namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>
/// A request the endpoint could not even bind (a body that is not the JSON it expects, an enum given as a number, a
/// query value of the wrong type) is answered like every other invalid request: 400 with a ProblemDetails whose
/// <c>errors</c> name the field by its JSON path and say what was wrong, never ASP.NET's bare 400 or a stack trace.
/// </summary>
public static class BadRequests
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
            }
            catch (BadHttpRequestException e) when (!http.Response.HasStarted && e.StatusCode is >= 400 and < 500)
            {
                await WriteAsync(http, e);
            }
        }));

    private static Task WriteAsync(HttpContext http, BadHttpRequestException e)
    {
        http.Response.StatusCode = e.StatusCode;
        if (e.StatusCode != StatusCodes.Status400BadRequest)
        {
            return ApiResults.WriteProblemAsync(http, e.StatusCode, e.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported content type" : "Bad request", e.Message);
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
        else
        {
            errors[""] = [e.Message];
        }

        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request has invalid fields",
                Detail = "Fix the fields named in 'errors' and send it again.",
            },
        }).AsTask();
    }

    /// <summary><c>$.features[1].type</c> → <c>features[1].type</c>, as the portal's other field errors are named.</summary>
    private static string Field(string? path) => path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Where(JsonException e) =>
        e.LineNumber is long line ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : Field(e.Path);
}
