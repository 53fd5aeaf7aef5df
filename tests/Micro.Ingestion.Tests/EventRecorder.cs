using System.Collections.Concurrent;
using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.Ingestion.Tests;

/// <summary>A downstream service as far as ingestion can tell: it records every integration event it receives from the bus.</summary>
public sealed class RecordedEvents
{
    readonly ConcurrentQueue<(Guid? MessageId, object Message)> received = new();

    public IReadOnlyList<(Guid? MessageId, object Message)> All => received.ToList();

    public IReadOnlyList<T> Of<T>() => received.Select(entry => entry.Message).OfType<T>().ToList();

    public int CountFor(string deliveryId) => received.Count(entry => ExpectedEvents.DeliveryOf(entry.Message) == deliveryId);

    public void Add(Guid? messageId, object message) => received.Enqueue((messageId, message));
}

public sealed class EventRecorder(RecordedEvents recorded) :
    IConsumer<WorkflowJobEvent>, IConsumer<WorkflowRunEvent>, IConsumer<PullRequestEvent>, IConsumer<PushEvent>
{
    public Task Consume(ConsumeContext<WorkflowJobEvent> context) => Record(context);

    public Task Consume(ConsumeContext<WorkflowRunEvent> context) => Record(context);

    public Task Consume(ConsumeContext<PullRequestEvent> context) => Record(context);

    public Task Consume(ConsumeContext<PushEvent> context) => Record(context);

    Task Record<T>(ConsumeContext<T> context)
        where T : class
    {
        recorded.Add(context.MessageId, context.Message);
        return Task.CompletedTask;
    }
}
