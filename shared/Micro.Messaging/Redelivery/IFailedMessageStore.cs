namespace Micro.Messaging.Redelivery;

/// <summary>Where a module keeps the messages its consumers could not handle: its own database.</summary>
public interface IFailedMessageStore
{
    /// <summary>Returns at once while the store is reachable; while it is not, waits until it is again.</summary>
    Task WaitUntilAvailable(CancellationToken cancellationToken);

    /// <summary>Keeps the message for a later redelivery, or as a dead letter once its window is over; waits out an outage of the store.</summary>
    Task Keep(FailedDelivery failed, CancellationToken cancellationToken);
}
