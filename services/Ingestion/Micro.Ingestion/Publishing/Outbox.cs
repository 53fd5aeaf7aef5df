using MassTransit;
using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Microsoft.EntityFrameworkCore;

namespace Micro.Ingestion.Publishing;

static class Outbox
{
    /// <summary>
    /// A new outbox row for a delivery: on arrival, and again for every replay. A row the dispatcher is about to publish from memory
    /// is held back from the poller for <paramref name="holdBack"/>, so the two do not publish it twice.
    /// </summary>
    public static PendingPublication PublicationOf(Delivery delivery, TimeSpan holdBack)
    {
        var now = DateTime.UtcNow;
        return new PendingPublication
        {
            MessageId = NewId.NextGuid(),
            DeliveryId = delivery.DeliveryId,
            EnqueuedAt = now,
            NotBefore = now + holdBack,
        };
    }

    /// <summary>Gives a parked row a fresh start: due now, with all its attempts ahead of it again.</summary>
    public static void Unpark(PendingPublication publication)
    {
        publication.ParkedAt = null;
        publication.Attempts = 0;
        publication.NotBefore = DateTime.UtcNow;
    }

    /// <summary>
    /// <see cref="Settle"/> as a unit of its own: one statement on PostgreSQL, which needs no transaction around it (and so saves the
    /// round trips of one), elsewhere in a transaction.
    /// </summary>
    public static async Task SettleAlone(IngestionDbContext db, IReadOnlyCollection<long> sequences, IReadOnlyCollection<string> deliveryIds,
        CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await Settle(db, sequences, deliveryIds, cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await Settle(db, sequences, deliveryIds, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records publications the broker confirmed: their rows leave the outbox and their deliveries count as published.</summary>
    public static async Task Settle(IngestionDbContext db, IReadOnlyCollection<long> sequences, IReadOnlyCollection<string> deliveryIds,
        CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        if (db.Database.IsNpgsql())
        {
            await PostgresSettlement.Settle(db, sequences, deliveryIds, now, cancellationToken);
            return;
        }

        await db.PendingPublications.Where(p => sequences.Contains(p.Sequence)).ExecuteDeleteAsync(cancellationToken);
        await db.Deliveries.Where(d => deliveryIds.Contains(d.DeliveryId)).ExecuteUpdateAsync(delivery => delivery
            .SetProperty(d => d.State, DeliveryState.Published)
            .SetProperty(d => d.PublishedAt, now)
            .SetProperty(d => d.PublishCount, d => d.PublishCount + 1), cancellationToken);
    }
}
