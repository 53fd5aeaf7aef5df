using System.Collections.Concurrent;
using MassTransit;

namespace Micro.Messaging.InProcess;

/// <summary>
/// On the in-memory bus a published message lives only in memory until every consumer has handled it: a crash loses it. The ledger
/// tells a publisher when all of this process's consumers of a message have handled it (or kept it for redelivery in their own
/// database), so that the publisher keeps its own durable record until then and publishes again after a crash.
/// </summary>
public sealed class ConsumptionLedger(LocalHandlers handlers) : IConsumeObserver
{
    readonly ConcurrentDictionary<Guid, Pending> pending = new();

    /// <summary>
    /// Completes once every local consumer of a message of <paramref name="messageType"/> with this id has handled it; fails when one
    /// let it fault. Call it before publishing, so that a fast consumer cannot finish first.
    /// </summary>
    public Task WhenConsumed(Guid messageId, Type messageType)
    {
        var expected = handlers.CountFor(messageType);
        if (expected == 0)
            return Task.CompletedTask;

        var waiting = pending.GetOrAdd(messageId, _ => new Pending(expected));
        return waiting.Completion.Task;
    }

    /// <summary>Whether a message is published and not yet handled by all its consumers here.</summary>
    public bool IsInFlight(Guid messageId) => pending.ContainsKey(messageId);

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.MessageId is { } id)
            Handled(id);
        return Task.CompletedTask;
    }

    /// <summary>One consumer is done with the message: it consumed it, or its module kept it for redelivery.</summary>
    public void Handled(Guid messageId)
    {
        if (pending.TryGetValue(messageId, out var waiting) && waiting.Handled())
        {
            pending.TryRemove(messageId, out _);
            waiting.Completion.TrySetResult();
        }
    }

    /// <summary>A consumer let the message go to its error queue: the publisher keeps its record and publishes it again.</summary>
    public void Abandoned(Guid messageId)
    {
        if (pending.TryRemove(messageId, out var waiting))
            waiting.Completion.TrySetException(new InvalidOperationException($"message {messageId} faulted in a consumer"));
    }

    // A consumer that failed past its retries is counted by the failed-message store once it has kept the message; one that has no
    // store sent it to its error queue, and the publisher's record is released only by its hold-back, so the message goes out again.
    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    sealed class Pending(int expected)
    {
        int remaining = expected;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Handled() => Interlocked.Decrement(ref remaining) == 0;
    }
}
