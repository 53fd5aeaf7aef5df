using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.Rerun.Tests;

/// <summary>Counts run events the service has finished consuming, so a test knows when redeliveries have all been handled.</summary>
public sealed class ConsumedRunEvents : IConsumeObserver
{
    int count;

    public int Count => Volatile.Read(ref count);

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.Message is WorkflowJobEvent or WorkflowRunEvent)
            Interlocked.Increment(ref count);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
