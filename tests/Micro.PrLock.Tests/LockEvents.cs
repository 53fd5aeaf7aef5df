using System.Collections.Concurrent;
using MassTransit;
using Micro.Contracts.PrLock;

namespace Micro.PrLock.Tests;

/// <summary>The PR-lock events a service published, as another service on the bus receives them.</summary>
public sealed class LockEvents
{
    public ConcurrentQueue<object> Received { get; } = new();

    public IEnumerable<PrLockGranted> Granted => Received.OfType<PrLockGranted>();

    public IEnumerable<PrLockQueued> Queued => Received.OfType<PrLockQueued>();

    public IEnumerable<PrLockReleased> Released => Received.OfType<PrLockReleased>();
}

public sealed class LockEventRecorder(LockEvents events) : IConsumer<PrLockGranted>, IConsumer<PrLockQueued>, IConsumer<PrLockReleased>
{
    public Task Consume(ConsumeContext<PrLockGranted> context) => Record(context.Message);

    public Task Consume(ConsumeContext<PrLockQueued> context) => Record(context.Message);

    public Task Consume(ConsumeContext<PrLockReleased> context) => Record(context.Message);

    Task Record(object message)
    {
        events.Received.Enqueue(message);
        return Task.CompletedTask;
    }
}
