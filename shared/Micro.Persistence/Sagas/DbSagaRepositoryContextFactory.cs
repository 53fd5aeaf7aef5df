using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Micro.Persistence.Sagas;

/// <summary>
/// MassTransit's entry to saga state stored in a service's own database. Each message gets a fresh DbContext and a transaction
/// in which the instance is loaded locked, changed by the state machine, and saved (or deleted once finalized). Concurrent
/// messages for one instance therefore take turns; two that both create it collide on the key, and retry finds the winner's row.
/// A failed write fails the whole message (retry begins again with a fresh transaction), so SaveChanges needs no savepoint of its own:
/// without it a write is one statement and one round trip, not three (SAVEPOINT, the write, RELEASE).
/// </summary>
sealed class DbSagaRepositoryContextFactory<TSaga, TContext>(
    IDbContextFactory<TContext> contexts,
    ISagaConsumeContextFactory<DbContext, TSaga> consumeContextFactory)
    : ISagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
    where TContext : DbContext
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        await using var db = await Open(context.CancellationToken);
        await SagaTransaction.Run(db, () =>
        {
            var repository = new DbSagaRepositoryContext<TSaga, T>(db, context, consumeContextFactory);
            return next.Send(repository);
        }, context.CancellationToken);
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        await using var db = await Open(context.CancellationToken);
        await SagaTransaction.Run(db, async () =>
        {
            var ids = await db.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).Select(saga => saga.CorrelationId)
                .ToListAsync(context.CancellationToken);
            var instances = new List<TSaga>(ids.Count);
            foreach (var id in ids)
            {
                if (await SagaRowLock.LoadLocked<TSaga>(db, id, context.CancellationToken) is { } instance)
                    instances.Add(instance);
            }

            var repository = new DbSagaRepositoryContext<TSaga, T>(db, context, consumeContextFactory);
            await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repository, instances));
        }, context.CancellationToken);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        Read(context => asyncMethod(context), cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        Read(context => asyncMethod(context), cancellationToken);

    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "entity-framework");
        context.Add("database", typeof(TContext).Name);
    }

    async Task<TContext> Open(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.AutoSavepointsEnabled = false;
        return db;
    }

    async Task<T> Read<T>(Func<DbSagaReadContext<TSaga>, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await read(new DbSagaReadContext<TSaga>(db, cancellationToken));
    }
}
