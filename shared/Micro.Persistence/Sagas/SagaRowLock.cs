using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Micro.Persistence.Sagas;

/// <summary>
/// Loads one saga instance so that no other consumer can change it until the transaction ends. PostgreSQL locks the row
/// (<c>FOR UPDATE</c>); SQLite holds the database's single write lock for the whole (immediate) transaction instead.
/// </summary>
public static class SagaRowLock
{
    public static Task<TSaga?> LoadLocked<TSaga>(DbContext db, Guid correlationId, CancellationToken cancellationToken)
        where TSaga : class, ISaga
    {
        var statement = LockingSelect<TSaga>(db);
        return db.Set<TSaga>().FromSqlRaw(statement, correlationId).AsTracking().SingleOrDefaultAsync(cancellationToken);
    }

    static string LockingSelect<TSaga>(DbContext db)
        where TSaga : class, ISaga
    {
        var entity = db.Model.FindEntityType(typeof(TSaga))
            ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not part of {db.GetType().Name}; map it with SagaInstances<T>().");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not mapped to a table.");
        var schema = entity.GetSchema();
        var key = entity.FindProperty(nameof(ISaga.CorrelationId))!.GetColumnName(StoreObjectIdentifier.Table(table, schema));

        var sql = db.GetService<ISqlGenerationHelper>();
        var from = sql.DelimitIdentifier(table, schema);
        var select = $"SELECT * FROM {from} WHERE {sql.DelimitIdentifier(key!)} = {{0}}";
        return db.Database.IsNpgsql() ? select + " FOR UPDATE" : select;
    }
}
