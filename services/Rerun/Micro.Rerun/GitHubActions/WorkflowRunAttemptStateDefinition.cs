using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// How the run-attempt saga consumes. Retry and the in-memory outbox come from the shared messaging setup, on every endpoint.
/// Here: events of one attempt, and the outcomes of calls about it, are partitioned by its key, so that within a replica they take turns in memory instead of waiting
/// on the row lock or colliding when both would create the instance (across replicas, the row lock and a retry settle that).
/// </summary>
public sealed class WorkflowRunAttemptStateDefinition : SagaDefinition<WorkflowRunAttemptState>
{
    const int Partitions = 16;

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<WorkflowRunAttemptState> sagaConfigurator,
        IRegistrationContext context)
    {
        var partition = endpointConfigurator.CreatePartitioner(Partitions);
        sagaConfigurator.Message<WorkflowJobEvent>(message => message.UsePartitioner(partition, consumed => RunAttemptKey.Of(consumed.Message)));
        sagaConfigurator.Message<WorkflowRunEvent>(message => message.UsePartitioner(partition, consumed => RunAttemptKey.Of(consumed.Message)));
        sagaConfigurator.Message<RerunCallCompleted>(message => message.UsePartitioner(partition, consumed => consumed.Message.AttemptId));
    }
}
