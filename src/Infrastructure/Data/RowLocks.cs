using Microsoft.EntityFrameworkCore;

namespace ModelOpsPortal.Infrastructure.Data;

/// <summary>
/// The portable way to serialize writers on one row: an UPDATE of the row to itself, which PostgreSQL and SQL Server
/// answer with the row's write lock and SQLite with its database write lock, held until the transaction ends
/// (decision 015). <c>SELECT … FOR UPDATE</c> and <c>UPDLOCK</c> are each one provider's syntax; SQLite has neither.
/// </summary>
public static class RowLocks
{
    /// <summary>
    /// Takes the model's row lock for the rest of the current transaction: another writer doing the same waits until this
    /// one commits, then reads what it wrote. False when there is no such model.
    /// </summary>
    public static async Task<bool> LockModelAsync(this PortalDbContext db, int modelId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A row lock outside a transaction is released at once; begin one first.");
        }

        return await db.Models.Where(m => m.Id == modelId).ExecuteUpdateAsync(s => s.SetProperty(m => m.UpdatedAt, m => m.UpdatedAt), ct) == 1;
    }
}
