using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>A change of the inbox: how many requests are open now, and the request made or decided.</summary>
public sealed record InboxChange(int Open, RequestView? Request);

/// <summary>
/// The inbox badge and the validators' note of a new request for pages drawn without a circuit (the inventory, the KPI
/// dashboard, records): each open tab follows <c>/requests/feed</c> (server-sent events) and this feed counts the open
/// requests once per change for all of them. Changes come from the <see cref="LifecycleNotifier"/>, so other instances'
/// too when scale-out is on (docs/decisions/018-memory-per-open-page.md).
/// </summary>
public sealed class InboxFeed : IDisposable
{
    private readonly RequestQueries requests;
    private readonly LifecycleNotifier notifier;
    private readonly ConcurrentDictionary<Channel<InboxChange>, byte> followers = new();

    public InboxFeed(RequestQueries requests, LifecycleNotifier notifier)
    {
        this.requests = requests;
        this.notifier = notifier;
        notifier.Changed += OnChanged;
    }

    /// <summary>How many tabs follow the feed now.</summary>
    public int Followers => followers.Count;

    /// <summary>The count as it is now, then every change until <paramref name="ct"/> ends.</summary>
    public async IAsyncEnumerable<InboxChange> FollowAsync([EnumeratorCancellation] CancellationToken ct)
    {
        // A slow reader loses the oldest changes, never the latest count.
        var channel = Channel.CreateBounded<InboxChange>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        followers.TryAdd(channel, 0);
        try
        {
            if (await OpenCountAsync(CancellationToken.None) is int open)
            {
                yield return new InboxChange(open, null);
            }

            // The tab closing or the portal stopping ends the feed quietly (the browser reconnects on its own).
            while (true)
            {
                bool more;
                try
                {
                    more = await channel.Reader.WaitToReadAsync(ct);
                }
                catch (OperationCanceledException)
                {
                    more = false;
                }

                if (!more)
                {
                    yield break;
                }

                while (channel.Reader.TryRead(out var change))
                {
                    yield return change;
                }
            }
        }
        finally
        {
            followers.TryRemove(channel, out _);
        }
    }

    private void OnChanged(RequestView request)
    {
        if (!followers.IsEmpty)
        {
            _ = PublishAsync(request);
        }
    }

    private async Task PublishAsync(RequestView request)
    {
        if (await OpenCountAsync(CancellationToken.None) is not int open)
        {
            return;
        }

        foreach (var follower in followers.Keys)
        {
            follower.Writer.TryWrite(new InboxChange(open, request));
        }
    }

    // While the database is away the badge keeps its last count; it comes back with the next change.
    private async Task<int?> OpenCountAsync(CancellationToken ct)
    {
        try
        {
            return await requests.OpenCountAsync(ct);
        }
        catch (Exception e) when (DatabaseOutage.Is(e))
        {
            return null;
        }
    }

    public void Dispose() => notifier.Changed -= OnChanged;
}
