using MassTransit;

namespace Micro.Ingestion.Publishing;

/// <summary>An integration event ready to go on the bus, with the outbox row it settles.</summary>
public sealed record EventPublication(long Sequence, Guid MessageId, string DeliveryId, string EventName, object Message);

/// <summary>Publishes one event under its outbox message id and waits for the broker's confirmation.</summary>
public sealed partial class EventPublisher(IBus bus, IngestionMetrics metrics, ILogger<EventPublisher> logger)
{
    /// <summary>Returns null once the broker confirmed, or what went wrong (kept on the outbox row for the next attempt).</summary>
    public async Task<string?> Publish(EventPublication publication, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await bus.Publish(publication.Message, publication.Message.GetType(), Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = publication.MessageId;
                context.Headers.Set(MessageHeaders.GitHubDelivery, publication.DeliveryId);
            }), deadline.Token);
            metrics.Published(publication.EventName);
            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(logger, publication.DeliveryId, exception.GetType().Name, exception.Message);
            return $"{exception.GetType().Name}: {exception.Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing delivery {DeliveryId} failed: {Error}: {Reason}; it stays in the outbox")]
    static partial void LogPublishFailed(ILogger logger, string deliveryId, string error, string reason);
}
