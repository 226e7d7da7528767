using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Infrastructure.Web;

/// <summary>How long keys are remembered (section <c>Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>Hours a key and its response are kept; a retry within them replays the first answer.</summary>
    public int RetentionHours { get; set; } = 24;

    /// <summary>Minutes after which a request that neither answered nor wrote anything counts as abandoned and may be sent again.</summary>
    public int AbandonedAfterMinutes { get; set; } = 10;

    /// <summary>Largest response body kept for replay; a larger one is replayed as its status and headers only.</summary>
    public int MaxStoredResponseBytes { get; set; } = 1 << 20;
}

/// <summary>
/// <c>Idempotency-Key</c> on the API's POST, PUT, PATCH and DELETE requests: the first request with a key runs and its
/// answer is kept; a retry with the same key and the same request gets that answer again (header
/// <c>Idempotent-Replayed: true</c>) without running anything, so a pipeline that lost a response may simply resend.
/// Keys belong to the caller. The same key with a different request is refused (422); a retry while the first is still
/// running gets 409 with <c>Retry-After</c>. Answers of 5xx (and 408, 429) are not kept unless the request had already
/// written, so a failed request may be retried under its key. The key row is marked in the same transaction as the
/// request's first write (<see cref="Interceptor"/>), so if an instance stops between writing and answering, a retry
/// learns that the work was done instead of doing it twice. Racing first requests, on one instance or several, are
/// settled by an insert that skips a key already claimed (a unique index on (caller, key) stands behind it).
/// </summary>
public static partial class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    private static readonly AsyncLocal<Scope?> Current = new();
    private static long lastSweepTicks;

    private sealed class Scope(long recordId)
    {
        public long RecordId { get; } = recordId;

        public bool Marked { get; set; }
    }

    public static IServiceCollection AddIdempotencyKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.Section))
            .Validate(o => o.RetentionHours is >= 1 and <= 24 * 30, "Idempotency:RetentionHours must be between 1 and 720.")
            .Validate(o => o.AbandonedAfterMinutes >= 1, "Idempotency:AbandonedAfterMinutes must be at least 1.")
            .Validate(o => o.MaxStoredResponseBytes >= 0, "Idempotency:MaxStoredResponseBytes must be 0 or more.")
            .ValidateOnStart();
        return services.AddSingleton<Interceptor>();
    }

    /// <summary>Lists the optional header on every API write in the OpenAPI document.</summary>
    public static OpenApiOptions DocumentIdempotencyKeys(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.HttpMethod is "POST" or "PUT" or "PATCH" or "DELETE" && context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Optional; a fresh UUID per request. Resending with the same key replays the first answer (Idempotent-Replayed: true) instead of running the request again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                });
            }

            return Task.CompletedTask;
        });

    /// <summary>Runs after authentication (keys are per caller) and wraps the endpoint.</summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api") && http.Request.Headers.ContainsKey(Header)
                && (HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method)
                    || HttpMethods.IsPatch(http.Request.Method) || HttpMethods.IsDelete(http.Request.Method)),
            branch => branch.Use(RunAsync));

    private static async Task RunAsync(HttpContext http, RequestDelegate next)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            await next(http); // authorization answers it; nothing to remember
            return;
        }

        var key = http.Request.Headers[Header].ToString();
        if (key.Length is < 1 or > 255 || !key.All(c => c is >= '!' and <= '~'))
        {
            await ApiResults.WriteProblemAsync(http, StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice), one per request.");
            return;
        }

        // A body over the endpoint's limit throws here, before any key is stored; BodyLimits answers it with 413.
        var fingerprint = await FingerprintAsync(http.Request, http.RequestAborted);

        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<IdempotencyOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var caller = ApiRateLimits.Caller(http);
        if (caller.Length > FieldLimits.Name)
        {
            caller = caller[..FieldLimits.Name];
        }

        await SweepExpiredAsync(dbFactory, clock);
        var record = await ClaimAsync(http, dbFactory, clock, options, caller, key, fingerprint);
        if (record is null)
        {
            return; // answered: a replay, a conflict or a mismatch
        }

        var original = http.Response.Body;
        await using var capture = new CapturingStream(original, options.MaxStoredResponseBytes);
        http.Response.Body = capture;
        var scope = new Scope(record.Id);
        Current.Value = scope;
        var completed = false;
        try
        {
            await next(http);
            completed = true;
        }
        finally
        {
            Current.Value = null;
            http.Response.Body = original;
            await FinishAsync(http, dbFactory, record.Id, scope.Marked, completed, capture);
        }
    }

    /// <summary>Stores a new key row, or answers from the existing one. Null when the request was answered here.</summary>
    private static async Task<IdempotencyRecord?> ClaimAsync(HttpContext http, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock,
        IdempotencyOptions options, string caller, string key, string fingerprint)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
            var existing = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Caller == caller && r.Key == key, http.RequestAborted);
            if (existing is null)
            {
                var record = new IdempotencyRecord
                {
                    Caller = caller, Key = key, Fingerprint = fingerprint, CreatedAt = now, ExpiresAt = now.AddHours(options.RetentionHours),
                };
                if (await InsertUnlessClaimedAsync(db, record, http.RequestAborted))
                {
                    record.Id = await db.IdempotencyRecords.Where(r => r.Caller == caller && r.Key == key).Select(r => r.Id).SingleAsync(http.RequestAborted);
                    return record;
                }

                continue; // claimed by a simultaneous request a moment ago: read it
            }

            if (existing.ExpiresAt <= now
                || (existing.StatusCode is null && existing.WorkSavedAt is null && existing.CreatedAt.AddMinutes(options.AbandonedAfterMinutes) <= now))
            {
                // Expired, or abandoned before it wrote anything: forget it and run this request instead.
                await db.IdempotencyRecords.Where(r => r.Id == existing.Id && r.StatusCode == null && r.WorkSavedAt == null || r.Id == existing.Id && r.ExpiresAt <= now)
                    .ExecuteDeleteAsync(http.RequestAborted);
                continue;
            }

            if (existing.Fingerprint != fingerprint)
            {
                await ApiResults.WriteProblemAsync(http, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused for a different request",
                    $"This caller already sent another request (method, path, query or body differ) with Idempotency-Key '{key}'. Use a new key for a new request.");
            }
            else if (existing.StatusCode is { } status)
            {
                await ReplayAsync(http, existing, status);
            }
            else if (existing.WorkSavedAt is not null)
            {
                await ApiResults.WriteProblemAsync(http, StatusCodes.Status409Conflict, "The request was carried out but its answer was lost",
                    $"The first request with Idempotency-Key '{key}' was stored, but the portal stopped before answering it. Look the result up (for example in the list it was added to) instead of sending it again.");
            }
            else
            {
                http.Response.Headers.RetryAfter = "1";
                await ApiResults.WriteProblemAsync(http, StatusCodes.Status409Conflict, "The first request with this key is still running",
                    $"A request with Idempotency-Key '{key}' is being processed. Retry after 1 s to receive its answer.");
            }

            return null;
        }

        await ApiResults.WriteProblemAsync(http, StatusCodes.Status409Conflict, "Idempotency-Key contention", $"Idempotency-Key '{key}' is being claimed by other requests. Retry after 1 s.");
        return null;
    }

    /// <summary>
    /// Stores the key row unless the caller's key already has one; false when another request claimed it first. Two first
    /// requests racing for one key are a client's double send, not a server error, so the loser must not meet the unique
    /// index as a failed statement (EF logs those at Error). SQLite and PostgreSQL skip the conflicting row; SQL Server
    /// has no ON CONFLICT, so the insert checks under a key-range lock that holds until the statement ends.
    /// </summary>
    internal static async Task<bool> InsertUnlessClaimedAsync(PortalDbContext db, IdempotencyRecord r, CancellationToken ct) =>
        await (db.Database.IsSqlServer()
            ? db.Database.ExecuteSqlAsync($"""
                INSERT INTO [IdempotencyRecords] ([Caller], [Key], [Fingerprint], [CreatedAt], [ExpiresAt])
                SELECT {r.Caller}, {r.Key}, {r.Fingerprint}, {r.CreatedAt}, {r.ExpiresAt}
                WHERE NOT EXISTS (SELECT 1 FROM [IdempotencyRecords] WITH (UPDLOCK, HOLDLOCK) WHERE [Caller] = {r.Caller} AND [Key] = {r.Key})
                """, ct)
            : db.Database.ExecuteSqlAsync($"""
                INSERT INTO "IdempotencyRecords" ("Caller", "Key", "Fingerprint", "CreatedAt", "ExpiresAt")
                VALUES ({r.Caller}, {r.Key}, {r.Fingerprint}, {r.CreatedAt}, {r.ExpiresAt})
                ON CONFLICT ("Caller", "Key") DO NOTHING
                """, ct)) == 1;

    /// <summary>Keeps the answer for replay, or forgets the key when the request may be sent again.</summary>
    private static async Task FinishAsync(HttpContext http, IDbContextFactory<PortalDbContext> dbFactory, long recordId, bool marked,
        bool completed, CapturingStream capture)
    {
        // The request's own transaction may have rolled back after the mark: the database says whether the work stayed.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var workSaved = marked && await db.IdempotencyRecords.AnyAsync(r => r.Id == recordId && r.WorkSavedAt != null, CancellationToken.None);
        var status = http.Response.StatusCode;
        var retryable = !completed || status >= 500 || status is StatusCodes.Status408RequestTimeout or StatusCodes.Status429TooManyRequests;
        if (!workSaved && retryable)
        {
            await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteDeleteAsync(CancellationToken.None);
            return;
        }

        if (!completed)
        {
            return; // the work is stored but there is no answer to keep: a retry is told so
        }

        await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.StatusCode, status)
            .SetProperty(r => r.ContentType, Truncate(http.Response.ContentType, 200))
            .SetProperty(r => r.Location, Truncate(http.Response.Headers.Location.ToString(), FieldLimits.Uri))
            .SetProperty(r => r.Body, capture.Captured), CancellationToken.None);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyRecord record, int status)
    {
        http.Response.StatusCode = status;
        http.Response.Headers[ReplayedHeader] = "true";
        if (!string.IsNullOrEmpty(record.Location))
        {
            http.Response.Headers.Location = record.Location;
        }

        if (record.ContentType is not null)
        {
            http.Response.ContentType = record.ContentType;
        }

        if (record.Body is { Length: > 0 } body)
        {
            await http.Response.Body.WriteAsync(body, http.RequestAborted);
        }
    }

    /// <summary>SHA-256 of what makes two requests "the same": method, path, query, content type and body (buffered so the endpoint reads it again).</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}\n{request.QueryString}\n{request.ContentType}\n"));
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Deletes expired keys, at most once a minute per instance.</summary>
    private static async Task SweepExpiredAsync(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var last = Interlocked.Read(ref lastSweepTicks);
        if (now.Ticks - last < TimeSpan.TicksPerMinute || Interlocked.CompareExchange(ref lastSweepTicks, now.Ticks, last) != last)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync();
    }

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];

    /// <summary>
    /// Marks the key row "work saved" inside the request's first SaveChanges, so the mark commits or rolls back with the
    /// work itself (same batch, same transaction).
    /// </summary>
    public sealed class Interceptor(TimeProvider clock) : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            Mark(eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Mark(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
        {
            Saved(eventData.Context);
            return result;
        }

        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Saved(eventData.Context);
            return ValueTask.FromResult(result);
        }

        private static bool Tracks(DbContext context, long recordId) =>
            context.ChangeTracker.Entries<IdempotencyRecord>().Any(e => e.Entity.Id == recordId);

        // Adds the mark to this save. A save that fails keeps it pending in the context, so a retry carries it again.
        private void Mark(DbContext? context)
        {
            if (Current.Value is not { Marked: false } scope || context is not PortalDbContext db || !db.ChangeTracker.HasChanges()
                || Tracks(db, scope.RecordId))
            {
                return;
            }

            var stub = db.IdempotencyRecords.Attach(new IdempotencyRecord { Id = scope.RecordId });
            stub.Property(r => r.WorkSavedAt).CurrentValue = clock.GetUtcNow().UtcDateTime;
            stub.Property(r => r.WorkSavedAt).IsModified = true;
        }

        // Only a save that succeeded carried the mark (its transaction may still roll back: the end of the request reads the row).
        private static void Saved(DbContext? context)
        {
            if (Current.Value is { Marked: false } scope && context is not null && Tracks(context, scope.RecordId))
            {
                scope.Marked = true;
            }
        }
    }

    /// <summary>Passes the response through and keeps a copy of up to <c>limit</c> bytes (none when it is longer).</summary>
    private sealed class CapturingStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream copy = new();
        private bool overflowed;

        public byte[]? Captured => overflowed ? null : copy.ToArray();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        private void Keep(ReadOnlySpan<byte> data)
        {
            if (overflowed)
            {
                return;
            }

            if (copy.Length + data.Length > limit)
            {
                overflowed = true;
                copy.SetLength(0);
                return;
            }

            copy.Write(data);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                copy.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
