using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Infrastructure.ScaleOut;

/// <summary>
/// Keeps what instances compute from the database (the KPI snapshots) in step across instances: when this instance
/// writes, the others hear it on the <see cref="InstanceBus"/> (Redis, when configured) and count it as a change of
/// their own, so their next read computes afresh instead of serving a snapshot until it ages out. A burst of writes
/// sends one message (at most one waits while another is being sent); sending happens off the writer's thread.
/// Best effort like the bus: without Redis, or during an outage, snapshots still expire after <c>Kpis:SnapshotSeconds</c>.
/// </summary>
public sealed class DataChangesRelay(DataChanges changes, InstanceBus bus) : IHostedService
{
    public const string Topic = "data.changed";

    private readonly string instance = Guid.NewGuid().ToString("N");
    private IDisposable? subscription;
    private int scheduled;

    /// <summary>What travels: which instance wrote (its own messages come back to it through the bus's local delivery).</summary>
    public sealed record DataChanged(string Instance);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = bus.Subscribe<DataChanged>(Topic, message =>
        {
            if (message.Instance != instance)
            {
                changes.ChangedElsewhere();
            }
        });
        changes.Written += OnWritten;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Written -= OnWritten;
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void OnWritten()
    {
        if (Interlocked.Exchange(ref scheduled, 1) == 1)
        {
            return; // a message is about to go; it covers this write
        }

        ThreadPool.UnsafeQueueUserWorkItem(static relay => relay.Send(), this, preferLocal: false);
    }

    private void Send()
    {
        Volatile.Write(ref scheduled, 0); // writes from now on need a message after this one
        bus.Publish(Topic, new DataChanged(instance));
    }
}
