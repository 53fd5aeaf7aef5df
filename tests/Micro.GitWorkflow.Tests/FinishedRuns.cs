using System.Collections.Concurrent;
using MassTransit;
using Micro.Contracts.Workflows;

namespace Micro.GitWorkflow.Tests;

/// <summary>The <see cref="WorkflowRunFinished"/> events the service published, as a reporter on the bus receives them.</summary>
public sealed class FinishedRuns
{
    public ConcurrentQueue<WorkflowRunFinished> Received { get; } = new();
}

public sealed class FinishedRunRecorder(FinishedRuns runs) : IConsumer<WorkflowRunFinished>
{
    public Task Consume(ConsumeContext<WorkflowRunFinished> context)
    {
        runs.Received.Enqueue(context.Message);
        return Task.CompletedTask;
    }
}
