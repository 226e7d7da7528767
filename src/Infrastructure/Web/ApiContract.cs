using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ModelOpsPortal.Infrastructure.Auth;

namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>
/// What the OpenAPI document promises beyond what the endpoints' types say, so that a generated client (Kiota,
/// openapi-typescript) needs no hand-written HTTP: how to authenticate (an API key as a Bearer token, or a session
/// signed in through the OpenID Connect provider), every status an operation can answer as
/// <c>application/problem+json</c> with one ProblemDetails schema (<c>correlationId</c>, <c>errors</c>), the
/// headers that carry meaning (<c>X-Correlation-Id</c>, <c>Location</c>, <c>ETag</c>, <c>Idempotent-Replayed</c>,
/// <c>Retry-After</c>), described tags and camelCase query names. Redocly's recommended rules check it
/// (tests/openapi/redocly.yaml).
/// </summary>
public static class ApiContract
{
    public const string ApiKeyScheme = "apiKey";
    public const string OpenIdScheme = "openIdConnect";
    public const string Problem = "ProblemDetails";
    private const string ProblemJson = "application/problem+json";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Access"] = "Who the caller is, with their roles.",
        ["Models"] = "The model inventory: models, versions (immutable identity), deployments, sensitive attributes.",
        ["Evaluations"] = "Baselines and scored batches (CSV or Parquet): metrics, drift, fairness, the champion/challenger comparison.",
        ["Monitoring"] = "Thresholds, alerts and production statistics.",
        ["Lifecycle"] = "Validation, promotion, champion swap and retirement requests, decided by validators under separation of duties.",
        ["Audit"] = "The hash-chained audit log, its exports and its integrity check.",
        ["Lineage"] = "Datasets and the path from data to deployment.",
        ["KPIs"] = "Lifecycle KPIs for the portfolio, as JSON or CSV.",
    };

    public static OpenApiOptions DocumentTheContract(this OpenApiOptions options)
    {
        options.AddOperationTransformer((operation, context, _) =>
        {
            Describe(operation, context);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            Describe(schema, context.JsonTypeInfo.Type);
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, context, _) =>
        {
            Describe(document, Oidc(context.ApplicationServices));
            return Task.CompletedTask;
        });
        return options;
    }

    private static void Describe(OpenApiDocument document, OidcSettings oidc)
    {
        document.Info.Title = "ModelOps Portal API";
        document.Info.Description = "Register, evaluate, monitor, compare, approve and audit analytical models. Errors are "
            + "application/problem+json with a correlationId (also the X-Correlation-Id header) and, for invalid input, "
            + "errors keyed by the JSON path or parameter name.";
        document.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-ModelOps-Portal" };
        // A server URL ending in a slash doubles the slash before every path in some generators.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "API key",
            Description = "An API key an Admin created (Access > API keys), sent as 'Authorization: Bearer <key>'. Its roles decide what it may do.",
        };
        if (oidc.IsConfigured)
        {
            document.Components.SecuritySchemes[OpenIdScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OpenIdConnect,
                OpenIdConnectUrl = new Uri(oidc.Authority!.TrimEnd('/') + "/.well-known/openid-configuration"),
                Description = "A person signed in through the organisation's provider; the portal keeps the session in a cookie.",
            };
        }

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Problem] = ProblemSchema();
        document.Components.Schemas.Remove("HttpValidationProblemDetails");

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var (name, description) in TagDescriptions)
        {
            if (document.Tags.FirstOrDefault(t => t.Name == name) is { } tag)
            {
                tag.Description = description;
            }
            else
            {
                document.Tags.Add(new OpenApiTag { Name = name, Description = description });
            }
        }
    }

    private static void Describe(OpenApiSchema schema, Type type)
    {
        if (type == typeof(JsonObject))
        {
            // Free JSON (hyperparameters): any member, any value; generators give it an additional-data map, not an empty class.
            schema.Type = JsonSchemaType.Object;
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = new OpenApiSchema();
            return;
        }

        var dictionary = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
        if (dictionary?.GetGenericArguments() is [var key, var value] && key == typeof(string)
            && (Nullable.GetUnderlyingType(value) ?? value) is { IsEnum: true } values && schema.AdditionalProperties is null)
        {
            // A map of enum values (fairness status per attribute) otherwise reaches the document untyped.
            schema.AdditionalProperties = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = EnumWireNames.AsOpenApiEnum(EnumWireNames.Of(values)),
            };
        }
    }

    private static OidcSettings Oidc(IServiceProvider services) => services.GetRequiredService<IOptions<AuthSettings>>().Value.Oidc;

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details, as every error of the API is answered.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "English, stable for a kind of problem." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong and what to do, in the caller's language." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["correlationId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The same as the X-Correlation-Id header; quote it to an administrator." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Invalid input only: the messages per field (JSON path such as features[1].type) or parameter name; \"\" for the request as a whole.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
        Required = new HashSet<string> { "title", "status" },
    };

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var isWrite = method is "POST" or "PUT" or "PATCH" or "DELETE";
        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();

        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { In: ParameterLocation.Query, Name: { Length: > 0 } name } query)
            {
                query.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
            }
        }

        if (!anonymous)
        {
            // Either scheme alone is enough; the OpenID Connect one exists only when a provider is configured.
            operation.Security = [.. (Oidc(context.ApplicationServices).IsConfigured ? new[] { ApiKeyScheme, OpenIdScheme } : [ApiKeyScheme])
                .Select(scheme => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] })];
        }

        foreach (var (mediaType, body) in operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>())
        {
            if (!mediaType.StartsWith("text/", StringComparison.Ordinal) && !mediaType.Contains("json", StringComparison.Ordinal))
            {
                body.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }; // Parquet: bytes, not text
            }
        }

        operation.Responses ??= new OpenApiResponses();
        var hasInput = operation.RequestBody is not null || operation.Parameters?.Any(p => p.In is ParameterLocation.Query or ParameterLocation.Path) == true;
        var problems = new Dictionary<int, string>();
        if (hasInput)
        {
            problems[400] = "Invalid input: errors names each field or parameter.";
        }

        if (!anonymous)
        {
            problems[401] = "No credentials, or an unknown, expired or revoked API key.";
            problems[403] = "The caller's roles do not allow this, or a rule about who they are refuses it (separation of duties, not the owner).";
        }

        if (description.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
        {
            problems[404] = "No such item.";
        }

        if (isWrite)
        {
            problems[409] = "The request clashes with the current state, or a request with the same Idempotency-Key is still running.";
            problems[422] = "The Idempotency-Key was used before with a different request.";
        }

        if (operation.RequestBody is not null)
        {
            problems[413] = "The body is larger than this endpoint takes.";
            problems[415] = "The body's content type is not one this endpoint takes.";
        }

        problems[429] = "Too many requests for this caller; wait Retry-After seconds.";
        problems[503] = "The database is unavailable; try again after Retry-After seconds.";

        foreach (var (status, text) in problems)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.ContainsKey(key))
            {
                operation.Responses[key] = new OpenApiResponse { Description = text };
            }
        }

        foreach (var (key, response) in operation.Responses.ToList())
        {
            if (response is not OpenApiResponse answer)
            {
                continue;
            }

            answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
            answer.Headers["X-Correlation-Id"] = Header("The request's id in the portal's logs and traces (also ProblemDetails.correlationId).");
            if (key.Length == 3 && key[0] is '4' or '5')
            {
                answer.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemJson] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(Problem, context.Document) },
                };
                if (key is "429" or "503")
                {
                    answer.Headers["Retry-After"] = Header("Seconds to wait before trying again.", JsonSchemaType.Integer);
                }

                continue;
            }

            if (key == "201")
            {
                answer.Headers["Location"] = Header("The address of what was created.");
            }

            if (isWrite && key.StartsWith('2'))
            {
                answer.Headers["Idempotent-Replayed"] = Header("'true' when this is the stored answer to an earlier request with the same Idempotency-Key.");
            }
        }
    }

    /// <summary>A documented response header (an endpoint adds its own, e.g. the model's ETag, with this).</summary>
    public static OpenApiHeader Header(string description, JsonSchemaType type = JsonSchemaType.String) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };

}
