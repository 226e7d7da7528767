namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>
/// The one place the API turns the services' refusals into answers: input that broke a rule is 400 with the fields
/// named, a person the rules refuse is 403, a clash with the current state is 409, each a ProblemDetails with the
/// correlation id (<see cref="ApiResults"/>). Every API endpoint runs inside it (Program maps them in one group), so
/// handlers do not catch these one by one; a handler still catches what only it can answer (an upload's 413, a stale
/// <c>If-Match</c>'s 412). A refusal is the client's mistake, not the server's: nothing is logged as an error.
/// </summary>
public sealed class ServiceErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (ServiceRefusedException refused)
        {
            return refused switch
            {
                InputRejectedException e => ApiResults.Invalid(e),
                ForbiddenException e => ApiResults.Forbidden(e),
                ConflictException e => ApiResults.Conflict(e),
                _ => throw new InvalidOperationException($"No answer for {refused.GetType().Name}.", refused),
            };
        }
    }
}
