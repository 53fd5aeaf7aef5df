using System.Data;
using Microsoft.EntityFrameworkCore;

namespace Micro.Persistence.Sagas;

public static class SagaTransaction
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction. On SQLite, Serializable makes Microsoft.Data.Sqlite begin IMMEDIATE, taking
    /// the write lock up front so two consumers cannot both read a saga and then race to write it.
    /// </summary>
    public static async Task<T> Run<T>(DbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var isolation = db.Database.IsNpgsql() ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable;
        await using var transaction = await db.Database.BeginTransactionAsync(isolation, cancellationToken);
        var result = await work();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public static Task Run(DbContext db, Func<Task> work, CancellationToken cancellationToken) =>
        Run(db, async () =>
        {
            await work();
            return true;
        }, cancellationToken);
}
