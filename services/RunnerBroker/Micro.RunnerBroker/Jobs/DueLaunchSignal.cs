using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// Wakes the dispatcher once a message that may have made a launcher call due has been consumed, that is after the job's saga
/// committed: a queued job is launched for at once rather than at the next poll (<see cref="RunnerBrokerOptions.PollInterval"/>).
/// Those messages are a queued event of a job the broker may serve, and every call outcome, token exchange and due check, which may
/// make a cancel or another launch due; the other events of a job never make a call due, so they cost the dispatcher no look.
/// </summary>
sealed class DueLaunchSignal(LaunchDispatcher dispatcher, RunnerJobDecider decider) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        var mayBeDue = context.Message switch
        {
            WorkflowJobEvent job => job.Action == WorkflowJobAction.Queued && !decider.ForHostedRunner(job.Labels),
            RunnerCallCompleted or LauncherTokenExchanged or RunnerJobDue => true,
            _ => false,
        };
        if (mayBeDue)
            dispatcher.Notify();
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
