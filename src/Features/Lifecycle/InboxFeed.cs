using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>The inbox as of a change: its sequence number, how many requests are open, and the requests made or decided since.</summary>
public sealed record InboxChanges(long Sequence, int Open, IReadOnlyList<RequestView> Requests);

/// <summary>
/// The inbox badge and the validators' note of a new request for pages drawn without a circuit (the inventory, the KPI
/// dashboard, records). Their script asks <c>/requests/feed?after=N</c> now and then: a plain request that holds nothing
/// open (a browser allows six connections per site over HTTP/1.1, and a held one per tab would stall the seventh tab).
/// The feed keeps the last changes the <see cref="LifecycleNotifier"/> reported (other instances' too when scale-out is
/// on) and the open count, counted again after a change or when older than <see cref="CountAge"/>, so a thousand open
/// tabs asking cost no query each (docs/decisions/018-memory-per-open-page.md).
/// </summary>
public sealed class InboxFeed : IDisposable
{
    /// <summary>How long an open count is used before it is counted again (changes made on an instance that cannot tell this one).</summary>
    public static readonly TimeSpan CountAge = TimeSpan.FromSeconds(10);

    private const int Kept = 64;

    private readonly RequestQueries requests;
    private readonly LifecycleNotifier notifier;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();
    private readonly Queue<(long Sequence, RequestView Request)> recent = new();
    private long sequence;
    private (int Open, long Sequence, DateTimeOffset At)? counted;

    public InboxFeed(RequestQueries requests, LifecycleNotifier notifier, TimeProvider clock)
    {
        this.requests = requests;
        this.notifier = notifier;
        this.clock = clock;
        notifier.Changed += OnChanged;
    }

    /// <summary>The number of the latest change (a page drawn now asks for changes after it).</summary>
    public long Sequence
    {
        get
        {
            lock (gate)
            {
                return sequence;
            }
        }
    }

    /// <summary>The open count and the requests changed after <paramref name="after"/> (none without it).</summary>
    public async Task<InboxChanges> SinceAsync(long? after, CancellationToken ct = default)
    {
        long current;
        List<RequestView> changed;
        (int Open, long Sequence, DateTimeOffset At)? count;
        lock (gate)
        {
            current = sequence;
            changed = after is long from ? [.. recent.Where(c => c.Sequence > from).Select(c => c.Request)] : [];
            count = counted;
        }

        if (count is not { } known || known.Sequence != current || clock.GetUtcNow() - known.At > CountAge)
        {
            var open = await requests.OpenCountAsync(ct);
            lock (gate)
            {
                counted = (open, current, clock.GetUtcNow());
            }

            return new InboxChanges(current, open, changed);
        }

        return new InboxChanges(current, known.Open, changed);
    }

    private void OnChanged(RequestView request)
    {
        lock (gate)
        {
            recent.Enqueue((++sequence, request));
            while (recent.Count > Kept)
            {
                recent.Dequeue();
            }
        }
    }

    public void Dispose() => notifier.Changed -= OnChanged;
}
