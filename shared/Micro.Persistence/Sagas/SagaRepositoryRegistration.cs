using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Micro.Persistence.Sagas;

public static class SagaRepositoryRegistration
{
    /// <summary>Keeps this saga's instances in the service's own database (<typeparamref name="TContext"/>, registered by AddServiceDatabase).</summary>
    public static ISagaRegistrationConfigurator<TSaga> StoredIn<TSaga, TContext>(this ISagaRegistrationConfigurator<TSaga> saga)
        where TSaga : class, ISaga
        where TContext : DbContext
    {
        saga.Repository(repository =>
        {
            repository.RegisterLoadSagaRepository<TSaga, DbSagaRepositoryContextFactory<TSaga, TContext>>();
            repository.RegisterQuerySagaRepository<TSaga, DbSagaRepositoryContextFactory<TSaga, TContext>>();
            repository.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>,
                DbSagaRepositoryContextFactory<TSaga, TContext>>();
        });
        return saga;
    }

    /// <summary>The same, for a database known only at run time (a module's own, chosen when the module registered it).</summary>
    public static ISagaRegistrationConfigurator<TSaga> StoredIn<TSaga>(ISagaRegistrationConfigurator<TSaga> saga, Type context)
        where TSaga : class, ISaga
    {
        if (!typeof(DbContext).IsAssignableFrom(context))
            throw new ArgumentException($"{context.Name} is not a DbContext", nameof(context));

        var storedIn = typeof(SagaRepositoryRegistration).GetMethods()
            .Single(method => method.Name == nameof(StoredIn) && method.GetGenericArguments().Length == 2)
            .MakeGenericMethod(typeof(TSaga), context);
        storedIn.Invoke(null, [saga]);
        return saga;
    }
}
