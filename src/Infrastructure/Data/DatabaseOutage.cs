using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ModelOpsPortal.Infrastructure.Data;

/// <summary>
/// Whether a failure means the database cannot be used right now (unreachable, locked, unreadable, full) rather than
/// that the request or the code was wrong: such failures are answered 503 ("try again") instead of 500, and the portal
/// recovers by itself when the database returns (every unit of work opens its own connection).
/// </summary>
public static class DatabaseOutage
{
    // SQLite primary result codes: BUSY, LOCKED, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB.
    private static readonly HashSet<int> SqliteCodes = [5, 6, 10, 11, 13, 14, 26];

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when SqliteCodes.Contains(sqlite.SqliteErrorCode & 0xFF):
                case Microsoft.Data.SqlClient.SqlException { Number: -2 or -1 or 2 or 53 or 233 or 4060 or 10053 or 10054 or 10060 or 40613 or 40197 or 40501 }:
                case DbException { IsTransient: true }:
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The API's answer to an outage: 503 with <c>Retry-After</c> and a ProblemDetails. Pages fall through to the error
    /// page, which says the same in words (it reads the exception from the request's features).
    /// </summary>
    internal sealed class Handler(IProblemDetailsService problems, ILogger<Handler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            if (!Is(exception))
            {
                return false;
            }

            logger.LogWarning("The database is unavailable; answered 503 to {Path}.", http.Request.Path);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            return http.Request.Path.StartsWithSegments("/api") && await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Database unavailable",
                    Detail = "The portal's database cannot be used right now, so nothing was read or stored by this request. Retry in a few seconds.",
                },
            });
        }
    }
}
