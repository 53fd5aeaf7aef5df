using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// How the job saga consumes: events of jobs for GitHub's own runners are passed over before the repository
/// (<see cref="HostedJobFilter"/>); messages of one job are partitioned by its key, so that within a replica they take turns in memory
/// instead of colliding when both would create the instance (across replicas, the row lock and a retry settle that).
/// </summary>
public sealed class RunnerJobStateDefinition : SagaDefinition<RunnerJobState>
{
    const int Partitions = 16;

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<RunnerJobState> sagaConfigurator,
        IRegistrationContext context)
    {
        var partition = endpointConfigurator.CreatePartitioner(Partitions);
        sagaConfigurator.Message<WorkflowJobEvent>(message =>
        {
            message.UseFilter(new HostedJobFilter(context.GetRequiredService<RunnerJobDecider>(), context.GetRequiredService<RunnerMetrics>()));
            message.UsePartitioner(partition, consumed => RunnerJobKey.Of(consumed.Message.JobId));
        });
        sagaConfigurator.Message<RunnerCallCompleted>(message => message.UsePartitioner(partition, consumed => consumed.Message.JobKey));
        sagaConfigurator.Message<LauncherTokenExchanged>(message => message.UsePartitioner(partition, consumed => consumed.Message.JobKey));
        sagaConfigurator.Message<RunnerJobDue>(message => message.UsePartitioner(partition, consumed => consumed.Message.JobKey));
    }
}
