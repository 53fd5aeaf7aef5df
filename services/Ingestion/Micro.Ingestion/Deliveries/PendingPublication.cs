namespace Micro.Ingestion.Deliveries;

/// <summary>
/// An outbox row: a delivery's event still to be published. Written in the same transaction as the delivery (or a replay), so an
/// accepted delivery is published even if the process dies right after answering GitHub.
/// </summary>
public sealed class PendingPublication
{
    /// <summary>Order of arrival; the outbox drains oldest first.</summary>
    public long Sequence { get; init; }

    /// <summary>The bus message id: stable across publish retries, so consumers can recognize a repeat.</summary>
    public required Guid MessageId { get; init; }

    public required string DeliveryId { get; init; }

    public DateTime EnqueuedAt { get; init; }

    public DateTime NotBefore { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>When it was set aside after <c>Ingestion:Outbox:MaxAttempts</c> failed attempts; the poller skips it until a replay.</summary>
    public DateTime? ParkedAt { get; set; }
}
