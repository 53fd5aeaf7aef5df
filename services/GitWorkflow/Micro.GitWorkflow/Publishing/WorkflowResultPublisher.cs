using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using Micro.Contracts.Workflows;
using Micro.PubSub;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Publishing;

/// <summary>
/// Publishes each finished run to <c>PubSub:ResultsTopic</c>, as JSON with the run id (a subscriber recognises a repeat by it: a
/// failed publish is retried by the bus, and Pub/Sub itself delivers at least once) and <c>workflow</c>/<c>state</c> attributes to
/// filter on. A failure is thrown, so the bus retries and, in the end, keeps the message for redelivery.
/// </summary>
sealed class WorkflowResultPublisher(PubSubClient pubSub, IOptions<PublishingOptions> options) : IConsumer<WorkflowRunFinished>
{
    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task Consume(ConsumeContext<WorkflowRunFinished> context)
    {
        if (options.Value.ResultsTopic is not { Length: > 0 } topic)
            return;

        var finished = context.Message;
        var result = new WorkflowResult(finished.RunId, finished.Workflow, finished.State, finished.Reason, finished.PullRequestUrl, finished.FinishedAt);
        var attributes = new Dictionary<string, string> { ["workflow"] = finished.Workflow, ["state"] = finished.State };
        await pubSub.Publish(topic, PubSubMessage.OfText(JsonSerializer.Serialize(result, Json), attributes), context.CancellationToken);
    }

    /// <summary>The result message, in the snake_case of the original's messages.</summary>
    sealed record WorkflowResult(
        Guid RunId,
        string Workflow,
        string State,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PullRequestUrl,
        DateTimeOffset FinishedAt);
}
