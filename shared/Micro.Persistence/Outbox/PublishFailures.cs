using MassTransit;

namespace Micro.Persistence.Outbox;

/// <summary>Tells a broker that is away from a message that cannot be published, for outboxes that set the latter aside.</summary>
public static class PublishFailures
{
    /// <summary>
    /// The broker did not take or confirm the publish in time, or the connection failed: nothing about the message itself, only
    /// to be waited out, however long the outage. While the broker is down a publish waits for a connection until its deadline.
    /// </summary>
    public static bool BrokerUnavailable(Exception exception) =>
        exception is OperationCanceledException or ConnectionException || exception.InnerException is ConnectionException;
}
