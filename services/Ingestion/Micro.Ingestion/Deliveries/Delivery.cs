namespace Micro.Ingestion.Deliveries;

public enum DeliveryState
{
    /// <summary>Stored; its event is waiting in the outbox to be published.</summary>
    Received,

    /// <summary>Its event is on the bus.</summary>
    Published,

    /// <summary>Stored for the record; Micro does not act on this event or action.</summary>
    Ignored,

    /// <summary>Stored for the record and acknowledged, but unusable (a malformed Pub/Sub message); <c>IgnoredReason</c> says why.</summary>
    Rejected,
}

/// <summary>One webhook delivery as GitHub sent it, and what became of it.</summary>
public sealed class Delivery
{
    public required string DeliveryId { get; init; }

    public required string Event { get; init; }

    public string? Action { get; init; }

    public string? Repository { get; init; }

    public long? InstallationId { get; init; }

    public string? Sender { get; init; }

    public DateTime ReceivedAt { get; init; }

    /// <summary>The body exactly as received, so a replay publishes what GitHub sent.</summary>
    public required string Payload { get; init; }

    public DeliveryState State { get; set; }

    public string? IgnoredReason { get; init; }

    public DateTime? PublishedAt { get; set; }

    public int PublishCount { get; set; }
}
