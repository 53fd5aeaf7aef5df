using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// Wakes the dispatcher once a run event or a call's outcome has been consumed, that is after the saga committed: with no delay
/// configured, a call the event made due (a re-run, listing the jobs, asking again) is made at once rather than at the next poll.
/// </summary>
sealed class DueRerunSignal(RerunDispatcher dispatcher) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.Message is WorkflowJobEvent or WorkflowRunEvent or RerunCallCompleted)
            dispatcher.Notify();
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
