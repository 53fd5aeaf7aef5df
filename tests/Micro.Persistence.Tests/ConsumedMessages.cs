using System.Collections.Concurrent;
using MassTransit;

namespace Micro.Persistence.Tests;

/// <summary>Counts messages consumers finished successfully, so a test knows all work is done before it looks at the result.</summary>
public sealed class ConsumedMessages : IConsumeObserver
{
    readonly ConcurrentDictionary<Type, int> counts = new();

    public int Of<T>() => counts.GetValueOrDefault(typeof(T));

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        counts.AddOrUpdate(typeof(T), 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
