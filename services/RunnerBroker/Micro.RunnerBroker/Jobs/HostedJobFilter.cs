using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// Passes over, before the job saga's repository, the events of jobs that run on GitHub's own runners
/// (<see cref="RunnerJobDecider.ForHostedRunner"/>): most of an organisation's jobs, none of them the broker's to serve, so they cost
/// neither a row nor a database round trip. A job's labels never change, so no later event of such a job could need its saga. The
/// event counts as consumed, as it would had the saga ignored it (it does not go to the skipped queue).
/// </summary>
sealed class HostedJobFilter(RunnerJobDecider decider, RunnerMetrics metrics) : IFilter<ConsumeContext<WorkflowJobEvent>>
{
    public const string Decision = "Hosted";

    public Task Send(ConsumeContext<WorkflowJobEvent> context, IPipe<ConsumeContext<WorkflowJobEvent>> next)
    {
        if (!decider.ForHostedRunner(context.Message.Labels))
            return next.Send(context);

        if (context.Message.Action == WorkflowJobAction.Queued)
            metrics.Decided(Decision);
        return context.NotifyConsumed(TimeSpan.Zero, nameof(HostedJobFilter));
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("hosted-jobs");
}
