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
        TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = e.Title, Detail = e.Message });

    public static ProblemHttpResult Forbidden(ForbiddenException e) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: e.Title, detail: e.Message);

    public static NotFound<ProblemDetails> NotFound(string title, string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = title, Detail = detail });

    public static NotFound<ProblemDetails> ModelNotFound(int modelId) =>
        NotFound("Model not found", string.Create(CultureInfo.InvariantCulture, $"There is no model with id {modelId}. List models with GET /api/models."));
}
