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
}
