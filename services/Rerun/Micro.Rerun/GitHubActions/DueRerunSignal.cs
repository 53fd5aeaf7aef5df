using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// Wakes the dispatcher once a consumed message has made a call to GitHub due now, that is after the saga committed: with no delay
/// configured, a re-run or a job listing the event made due is asked for at once rather than at the next poll. Only such events wake
/// it (and every call's outcome, which may make the next call due): under load most events change a running attempt, and a look
/// for due calls after each of them would cost a query per event.
/// </summary>
sealed class DueRerunSignal(RerunDispatcher dispatcher) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        // Added here, on the context the saga's own derives from, so that the saga's mark is seen after it committed.
        if (context.Message is WorkflowJobEvent or WorkflowRunEvent)
            context.GetOrAddPayload(() => new DueNow());
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.Message is RerunCallCompleted || (context.TryGetPayload<DueNow>(out var due) && due.Marked))
            dispatcher.Notify();
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}

/// <summary>What the saga leaves on the message it consumes when that message made a call due now (see <see cref="DueRerunSignal"/>).</summary>
public sealed class DueNow
{
    public bool Marked { get; private set; }

    public static void Mark(PipeContext context)
    {
        if (context.TryGetPayload<DueNow>(out var due))
            due.Marked = true;
    }
}
