using MassTransit;
using Micro.Contracts.Workflows;
using Micro.GitWorkflow.Workflows;

namespace Micro.GitWorkflow.Runs;

/// <summary>
/// Runs what arrives from Pub/Sub (through ingestion): one run per message id, whatever the redeliveries; a malformed request is
/// recorded <c>rejected</c> with the reason, so it is seen and not retried.
/// </summary>
public sealed partial class WorkflowRequestedConsumer(RunIntake intake, RequestReader reader, ILogger<WorkflowRequestedConsumer> logger)
    : IConsumer<WorkflowRequested>
{
    public async Task Consume(ConsumeContext<WorkflowRequested> context)
    {
        var message = context.Message;
        var request = reader.Read(message.Data, out var field, out var problem);
        var run = new WorkflowRun
        {
            Id = RunIntake.IdOf("message", message.RequestId),
            Workflow = request?.Workflow ?? RequestReader.WorkflowNamed(message.Data),
            Request = message.Data,
            Source = WorkflowRun.FitSource(message.Source),
            RequestKey = message.RequestId,
        };
        var rejection = request is null ? $"{field}: {problem}" : null;
        if (await intake.Submit(run, rejection, context.CancellationToken) && rejection is not null)
            LogRejected(message.RequestId, rejection);
    }

    [LoggerMessage(LogLevel.Warning, "Workflow request {RequestId} is rejected: {Reason}")]
    partial void LogRejected(string requestId, string reason);
}
