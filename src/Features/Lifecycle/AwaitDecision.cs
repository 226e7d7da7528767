using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Features.Lifecycle;

/// <summary>
/// A pipeline that filed a request waits for its decision without polling: the answer comes as soon as the request is
/// approved, rejected or withdrawn, or when the wait is over with the request still open. A decision made on this
/// instance wakes the wait at once (<see cref="LifecycleNotifier"/>, and on every instance when ScaleOut:Redis is set);
/// without the bus the request is read again every <see cref="RecheckEvery"/>, so a decision made elsewhere is seen too.
/// </summary>
public sealed class AwaitDecision(RequestQueries queries, LifecycleNotifier notifier)
{
    public const int MaxWaitSeconds = 60;

    public static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(2);

    /// <returns>The request as it stands when decided or when the wait is over; null when there is no such request.</returns>
    /// <exception cref="InputRejectedException">A wait below 0 or above <see cref="MaxWaitSeconds"/> seconds.</exception>
    public async Task<RequestView?> WaitAsync(int requestId, int waitSeconds, CancellationToken ct = default)
    {
        if (waitSeconds is < 0 or > MaxWaitSeconds)
        {
            throw InputRejectedException.For("waitSeconds", LifecycleMessages.Format(LifecycleMessages.WaitRange, MaxWaitSeconds));
        }

        // The caller's wait is wall-clock time, whatever clock the portal's records are stamped with.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var wait = TimeSpan.FromSeconds(waitSeconds);
        var decided = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(RequestView changed)
        {
            if (changed.Id == requestId && changed.Status != RequestStatus.Open)
            {
                decided.TrySetResult();
            }
        }

        // Listening before the first read: a decision between the read and the wait still wakes it.
        notifier.Changed += OnChanged;
        try
        {
            while (true)
            {
                var request = await queries.GetAsync(requestId, ct);
                var remaining = wait - waited.Elapsed;
                if (request is null || request.Status != RequestStatus.Open || remaining <= TimeSpan.Zero)
                {
                    return request;
                }

                await Task.WhenAny(decided.Task, Task.Delay(remaining < RecheckEvery ? remaining : RecheckEvery, ct));
                ct.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            notifier.Changed -= OnChanged;
        }
    }
}
