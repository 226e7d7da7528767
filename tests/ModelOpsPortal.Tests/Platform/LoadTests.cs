using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Web;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// 50 API clients on real Kestrel over loopback, for a bounded time (<c>MODELOPS_LOAD_SECONDS</c>, 15 s by default;
/// <c>tests/benchmarks/load/run.sh</c> runs it for a minute), upload evaluations, register versions and open validation
/// requests, each POST under an <c>Idempotency-Key</c>. Some answers are "lost" on purpose and the request resent under
/// its key. Every request must be answered without a 500, and the database must hold exactly what the clients were told
/// was created, once each.
/// </summary>
[Trait("Category", "Database")]
public sealed class LoadTests
{
    private const int Clients = 50;
    private const int Models = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("MODELOPS_LOAD_SECONDS"), CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 15);

    private sealed class Tally
    {
        public ConcurrentBag<int> Evaluations { get; } = [];
        public ConcurrentBag<(int Model, int Version)> Versions { get; } = [];
        public ConcurrentBag<int> Requests { get; } = [];
        public ConcurrentDictionary<int, int> Statuses { get; } = new();
        public ConcurrentBag<string> Failures { get; } = [];
        public ConcurrentBag<double> Milliseconds { get; } = [];
        public int Replays;
        public int Retries;
    }

    private static readonly string Batch = TestModels.SmallBatchCsv();

    [Fact]
    public async Task Fifty_clients_for_a_bounded_time_get_no_500_and_the_database_holds_exactly_what_they_were_told()
    {
        using var portal = new PortalFactory(fixedClock: false);
        var address = portal.StartKestrel();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients };
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.KeyFor(PortalRoles.DataScientist));

        var modelIds = new List<int>();
        for (var m = 0; m < Models; m++)
        {
            modelIds.Add(await TestModels.RegisterOverApiAsync(http, $"Load model {m}", Ct));
        }

        var tally = new Tally();
        var clock = Stopwatch.StartNew();
        var until = clock.Elapsed + Duration;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(() => ClientAsync(http, c, modelIds[c % Models], tally, () => clock.Elapsed < until), Ct)));
        var elapsed = clock.Elapsed;

        var sent = tally.Statuses.Values.Sum();
        var ordered = tally.Milliseconds.Order().ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Clients} clients, {elapsed.TotalSeconds:0.0} s: {sent} responses ({sent / elapsed.TotalSeconds:0} per s), " +
            $"median {ordered[ordered.Length / 2]:0} ms, p95 {ordered[(int)(ordered.Length * 0.95)]:0} ms; " +
            $"created {tally.Evaluations.Count} evaluations, {tally.Versions.Count} versions, {tally.Requests.Count} requests; " +
            $"{tally.Replays} replays checked, {tally.Retries} retries; statuses {string.Join(", ", tally.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"))}"));

        Assert.Empty(tally.Failures);
        Assert.DoesNotContain(tally.Statuses.Keys, s => s >= 500 && s != 503);
        Assert.True(tally.Evaluations.Count > 0 && tally.Versions.Count > 0 && tally.Requests.Count > 0, "every kind of request was accepted at least once");
        Assert.True(tally.Replays > 0, "some answers were replayed");

        await using var db = portal.Database.CreateDbContext();
        Assert.Equal(tally.Evaluations.Order(), await db.Evaluations.Select(e => e.Id).OrderBy(id => id).ToListAsync(Ct));
        Assert.Equal(tally.Requests.Order(), await db.Requests.Select(r => r.Id).OrderBy(id => id).ToListAsync(Ct));
        var stored = await db.Versions.Where(v => v.Number > 1).Select(v => new { v.ModelId, v.Number }).ToListAsync(Ct);
        Assert.Equal(tally.Versions.Order(), stored.Select(v => (v.ModelId, v.Number)).Order());
    }

    /// <summary>One pipeline: an evaluation, or a new version and its validation request, until time is up.</summary>
    private static async Task ClientAsync(HttpClient http, int client, int modelId, Tally tally, Func<bool> running)
    {
        var random = new Random(client);
        while (running())
        {
            try
            {
                if (random.Next(3) > 0)
                {
                    var evaluation = await SendAsync(http, random, tally, () => new HttpRequestMessage(HttpMethod.Post, $"/api/models/{modelId}/evaluations?version=1")
                    {
                        Content = new StringContent(Batch, Encoding.UTF8, "text/csv"),
                    });
                    if (evaluation is { } e)
                    {
                        tally.Evaluations.Add(e.GetProperty("id").GetInt32());
                    }

                    continue;
                }

                var version = await SendAsync(http, random, tally, () => new HttpRequestMessage(HttpMethod.Post, $"/api/models/{modelId}/versions")
                {
                    Content = JsonContent.Create(Inputs.Version(), options: Inputs.Json),
                });
                if (version is not { } v)
                {
                    continue;
                }

                var number = v.GetProperty("number").GetInt32();
                tally.Versions.Add((modelId, number));
                var request = await SendAsync(http, random, tally, () => new HttpRequestMessage(HttpMethod.Post, $"/api/models/{modelId}/versions/{number}/requests")
                {
                    Content = JsonContent.Create(new { kind = "validation", justification = "Load test: independent validation of the new version." }),
                });
                if (request is { } r)
                {
                    tally.Requests.Add(r.GetProperty("id").GetInt32());
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                tally.Failures.Add($"client {client}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Sends a POST under a fresh key, resending under the same key while the portal asks to wait (503, or 409 with
    /// Retry-After). One time in five the answer is treated as lost and the request resent: the replay must match. The
    /// created resource, or null when the request was refused.
    /// </summary>
    private static async Task<JsonElement?> SendAsync(HttpClient http, Random random, Tally tally, Func<HttpRequestMessage> build)
    {
        var key = Guid.NewGuid().ToString("N");
        while (true)
        {
            using var request = build();
            request.Headers.Add(Idempotency.Header, key);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, Ct);
            tally.Milliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            tally.Statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable || (response.StatusCode == HttpStatusCode.Conflict && response.Headers.RetryAfter is not null))
            {
                Interlocked.Increment(ref tally.Retries);
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(20, 200)), Ct);
                continue;
            }

            if (response.StatusCode != HttpStatusCode.Created)
            {
                tally.Failures.Add($"{request.RequestUri}: {(int)response.StatusCode} {body}");
                return null;
            }

            if (random.Next(5) == 0)
            {
                using var again = build();
                again.Headers.Add(Idempotency.Header, key);
                using var replay = await http.SendAsync(again, Ct);
                tally.Statuses.AddOrUpdate((int)replay.StatusCode, 1, (_, n) => n + 1);
                if (replay.StatusCode != response.StatusCode || await replay.Content.ReadAsStringAsync(Ct) != body || !replay.Headers.Contains(Idempotency.ReplayedHeader))
                {
                    tally.Failures.Add($"{request.RequestUri}: the replay under key {key} differs from the first answer");
                }

                Interlocked.Increment(ref tally.Replays);
            }

            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
