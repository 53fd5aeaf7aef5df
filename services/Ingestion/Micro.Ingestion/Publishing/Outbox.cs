using MassTransit;
using Micro.Ingestion.Deliveries;

namespace Micro.Ingestion.Publishing;

static class Outbox
{
    /// <summary>A new outbox row for a delivery: on arrival, and again for every replay.</summary>
    public static PendingPublication PublicationOf(Delivery delivery)
    {
        var now = DateTime.UtcNow;
        return new PendingPublication
        {
            MessageId = NewId.NextGuid(),
            DeliveryId = delivery.DeliveryId,
            EnqueuedAt = now,
            NotBefore = now,
        };
    }
}
