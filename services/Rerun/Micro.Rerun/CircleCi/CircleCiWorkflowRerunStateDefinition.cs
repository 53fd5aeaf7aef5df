using MassTransit;

namespace Micro.Rerun.CircleCi;

/// <summary>
/// How the workflow rerun saga consumes. Retry and the in-memory outbox come from the shared messaging setup, on every endpoint.
/// Here: messages of one workflow are partitioned by its key, so that a burst of triggers takes turns in memory within a replica
/// instead of queueing on the row lock or colliding when several would create the instance (across replicas, the row lock and a
/// retry settle that).
/// </summary>
public sealed class CircleCiWorkflowRerunStateDefinition : SagaDefinition<CircleCiWorkflowRerunState>
{
    const int Partitions = 16;

    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<CircleCiWorkflowRerunState> sagaConfigurator,
        IRegistrationContext context)
    {
        var partition = endpointConfigurator.CreatePartitioner(Partitions);
        sagaConfigurator.Message<CircleCiRerunRequested>(message => message.UsePartitioner(partition, consumed => consumed.Message.WorkflowKey));
        sagaConfigurator.Message<CircleCiRerunFinished>(message => message.UsePartitioner(partition, consumed => consumed.Message.WorkflowKey));
        sagaConfigurator.Message<CircleCiRerunSettled>(message => message.UsePartitioner(partition, consumed => consumed.Message.WorkflowKey));
    }
}
