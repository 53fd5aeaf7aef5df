using Micro.PubSub;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Publishing;

/// <summary>
/// <c>POST /api/workflows/publish</c>: the original's HTTP publisher. Publishes the workflow request to <c>PubSub:WorkflowTopic</c>, from
/// where a subscription (push or pull, to this or another Micro) starts the run; answers the Pub/Sub message id.
/// </summary>
static partial class PublishEndpoint
{
    public static async Task<Results<Ok<Published>, ProblemHttpResult>> Publish(
        HttpRequest request, PubSubClient pubSub, IOptions<PublishingOptions> options, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = WorkflowPublication.MaxBodyBytes;

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
                detail: $"The body must be at most {WorkflowPublication.MaxBodyBytes} bytes.");
        }

        var (message, refusal) = WorkflowPublication.Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        if (refusal is not null)
            return refusal;

        var topic = options.Value.WorkflowTopic;
        try
        {
            var id = await pubSub.Publish(topic, PubSubMessage.OfText(message!), cancellationToken);
            LogPublished(logs.CreateLogger(typeof(PublishEndpoint)), id, topic);
            return TypedResults.Ok(new Published(id));
        }
        catch (PubSubException exception)
        {
            LogPublishFailed(logs.CreateLogger(typeof(PublishEndpoint)), topic, exception.Message);
            if (exception.Retryable)
                request.HttpContext.Response.Headers.RetryAfter = "5";
            // Not the request's fault either way: Pub/Sub is unreachable (503, try again) or refuses what is configured (502, fix it).
            return TypedResults.Problem(statusCode: exception.Retryable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
                title: "Not published", detail: exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published workflow request {MessageId} to {Topic}")]
    static partial void LogPublished(ILogger logger, string messageId, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a workflow request to {Topic} failed: {Reason}")]
    static partial void LogPublishFailed(ILogger logger, string topic, string reason);
}

/// <summary>The answer of a publish: the id Pub/Sub gave the message.</summary>
sealed record Published(string MessageId);
