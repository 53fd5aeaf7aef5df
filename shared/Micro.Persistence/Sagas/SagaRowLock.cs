using MassTransit;
using Micro.Persistence.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Micro.Persistence.Sagas;

/// <summary>
/// Loads one saga instance so that no other consumer can change it until the transaction ends. PostgreSQL locks the row
/// (<c>FOR UPDATE</c>, added by <see cref="RowLockingQueries"/>); SQLite holds the database's single write lock for the whole
/// (immediate) transaction instead.
/// </summary>
public static class SagaRowLock
{
    public static Task<TSaga?> LoadLocked<TSaga>(DbContext db, Guid correlationId, CancellationToken cancellationToken)
        where TSaga : class, ISaga
    {
        if (db.Database.IsNpgsql() && !LocksRows(db))
            throw new InvalidOperationException($"{db.GetType().Name} cannot lock rows: configure it with AddServiceDatabase.");

        return db.Set<TSaga>()
            .TagWith(RowLockingQueries.Tag)
            .AsTracking()
            .SingleOrDefaultAsync(saga => EF.Property<Guid>(saga, nameof(ISaga.CorrelationId)) == correlationId, cancellationToken);
    }

    static bool LocksRows(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.Contains(RowLockingQueries.Instance) == true;
}
