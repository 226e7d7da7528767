using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ModelOpsPortal.Infrastructure;

/// <summary>The ProblemDetails answers every API file gives the same way. Titles stay English; details may be localized.</summary>
public static class ApiResults
{
    public static ValidationProblem Invalid(InputRejectedException e) =>
        TypedResults.ValidationProblem(e.Errors, title: "The request has invalid fields", detail: "Fix the fields named in 'errors' and send it again.");

    public static Conflict<ProblemDetails> Conflict(ConflictException e) =>
        TypedResults.Conflict(Problem(StatusCodes.Status409Conflict, e.Title, e.Message));

    public static ProblemHttpResult Forbidden(ForbiddenException e) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: e.Title, detail: e.Message);

    public static NotFound<ProblemDetails> NotFound(string title, string detail) =>
        TypedResults.NotFound(Problem(StatusCodes.Status404NotFound, title, detail));

    public static NotFound<ProblemDetails> ModelNotFound(int modelId) =>
        NotFound("Model not found", string.Create(CultureInfo.InvariantCulture, $"There is no model with id {modelId}. List models with GET /api/models."));

    public static NotFound<ProblemDetails> VersionNotFound(int modelId, int version) =>
        NotFound("Version not found", string.Create(CultureInfo.InvariantCulture, $"Model {modelId} has no version {version}, or the model does not exist."));

    /// <summary>
    /// Answers from middleware, before or instead of an endpoint (rate limit, body limit, idempotency keys): the status and
    /// a ProblemDetails written through <see cref="IProblemDetailsService"/>, so it carries the correlation id like the rest.
    /// </summary>
    public static Task WriteProblemAsync(HttpContext http, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>A ProblemDetails written as a plain value (not through IProblemDetailsService), with the request's correlation id like the others.</summary>
    private static ProblemDetails Problem(int status, string title, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (Web.Correlation.Current is { } id)
        {
            problem.Extensions["correlationId"] = id;
        }

        return problem;
    }
}
