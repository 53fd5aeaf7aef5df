using MassTransit;
using Micro.Persistence.Outbox;

namespace Micro.Ingestion.Publishing;

/// <summary>An integration event ready to go on the bus, with the outbox row it settles.</summary>
public sealed record EventPublication(long Sequence, Guid MessageId, string DeliveryId, string EventName, object Message);

/// <summary>
/// Why a publish failed. <paramref name="BrokerUnavailable"/>: the broker did not answer or confirm in time, which says nothing
/// about the event itself and only has to be waited out; anything else may be the event's own fault and counts toward parking it.
/// </summary>
public sealed record PublishFailure(string Error, bool BrokerUnavailable);

/// <summary>Publishes one event under its outbox message id and waits for the broker's confirmation.</summary>
public sealed partial class EventPublisher(
    IBus bus, BrokerAvailability broker, ConsumedSettlement settlement, IngestionMetrics metrics, ILogger<EventPublisher> logger)
{
    /// <summary>
    /// Returns null once the broker confirmed, or what went wrong (kept on the outbox row for the next attempt). On the in-memory bus
    /// the row is settled later, by <see cref="ConsumedSettlement"/>, once the event's consumers have handled it.
    /// </summary>
    public async Task<PublishFailure?> Publish(EventPublication publication, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        settlement.Expect(publication);
        try
        {
            await bus.Publish(publication.Message, publication.Message.GetType(), Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = publication.MessageId;
                context.Headers.Set(MessageHeaders.GitHubDelivery, publication.DeliveryId);
            }), deadline.Token);
            broker.Available();
            metrics.Published(publication.EventName);
            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            settlement.Abandon(publication);
            LogPublishFailed(logger, publication.DeliveryId, exception.GetType().Name, exception.Message);
            var unavailable = PublishFailures.BrokerUnavailable(exception);
            if (unavailable)
                broker.Unavailable();
            return new PublishFailure($"{exception.GetType().Name}: {exception.Message}", unavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing delivery {DeliveryId} failed: {Error}: {Reason}; it stays in the outbox")]
    static partial void LogPublishFailed(ILogger logger, string deliveryId, string error, string reason);
}
