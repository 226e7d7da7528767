using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ModelOpsPortal.Infrastructure.Data;

/// <summary>
/// Counts this process's writes to the portal database, so that figures computed from it (the KPI snapshots) know when
/// they may be stale. Moves after SaveChanges, after a bulk ExecuteUpdate or ExecuteDelete that changed rows, and after a
/// transaction commits (so a computation that read before the commit is stale too). Writes by other instances are seen
/// when the instances share a Redis (<c>ScaleOut:Redis</c>): <see cref="ScaleOut.DataChangesRelay"/> tells the others.
/// Writes by anything else (a DBA's script) are not: whatever relies on it also bounds its age in time.
/// </summary>
public sealed class DataChanges : DbCommandInterceptor, ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private long generation;

    /// <summary>Changes whenever this process has written; compare before and after a computation.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Raised after this process wrote (on the writer's thread: handlers must be quick and must not throw).</summary>
    public event Action? Written;

    /// <summary>Another instance wrote to the same database.</summary>
    public void ChangedElsewhere() => Interlocked.Increment(ref generation);

    private void Bump()
    {
        Interlocked.Increment(ref generation);
        Written?.Invoke();
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (result > 0)
        {
            Bump();
        }

        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (result > 0)
        {
            Bump();
        }

        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Bump();
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Bump();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Bump();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Bump();
        return Task.CompletedTask;
    }
}
