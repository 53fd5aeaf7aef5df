using System.Text.Json;
using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Micro.Ingestion.Normalization;
using Micro.Ingestion.PubSub;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Publishing;

/// <summary>
/// The outbox poller: publishes every row that is due (replays, and whatever the dispatcher could not publish: broker errors,
/// a crash), oldest first, and removes each once the broker has confirmed it. A crash between the confirmation and the commit
/// publishes that event again with the same message id, which idempotent consumers recognize. Replicas share the work:
/// PostgreSQL hands each row to one of them (<c>FOR UPDATE SKIP LOCKED</c>).
/// </summary>
public sealed partial class OutboxPublisher(
    IDbContextFactory<IngestionDbContext> contexts,
    EventPublisher publisher,
    ConsumedSettlement settlement,
    OutboxSignal signal,
    IngestionMetrics metrics,
    IOptions<OutboxOptions> options,
    ILogger<OutboxPublisher> logger) : BackgroundService
{
    readonly OutboxOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int drained;
            try
            {
                drained = await DrainBatch(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogDrainFailed(logger, exception.GetType().Name, exception.Message);
                drained = 0;
            }

            if (drained < settings.BatchSize)
                await signal.Wait(settings.PollInterval, stoppingToken);
        }
    }

    async Task<int> DrainBatch(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await Due(db, cancellationToken);
        var due = found.Where(publication => !settlement.IsInFlight(publication.MessageId)).ToList();
        if (due.Count == 0)
            return 0;

        var ids = due.Select(publication => publication.DeliveryId).Distinct().ToList();
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => ids.Contains(d.DeliveryId))
            .ToDictionaryAsync(d => d.DeliveryId, cancellationToken);
        var outcomes = await Task.WhenAll(due.Select(publication => Publish(publication, deliveries[publication.DeliveryId], cancellationToken)));

        var now = DateTime.UtcNow;
        foreach (var (publication, failure) in due.Zip(outcomes))
        {
            if (failure is null)
                continue;

            publication.LastError = failure.Error;
            publication.NotBefore = now + Backoff(publication, now);
            if (failure.BrokerUnavailable)
                continue;

            publication.Attempts++;
            if (publication.Attempts >= settings.MaxAttempts)
                Park(publication, deliveries[publication.DeliveryId], now);
        }

        var published = due.Where((_, i) => outcomes[i] is null).ToList();
        if (settlement.IsActive)
        {
            // Settled once consumed; until then held back like a fresh row, so this poll does not publish it again.
            foreach (var publication in published)
                publication.NotBefore = now + settings.DispatchHoldBack;
            published.Clear();
        }

        await db.SaveChangesAsync(cancellationToken);
        await Outbox.Settle(db, published.Select(p => p.Sequence).ToList(), published.Select(p => p.DeliveryId).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    Task<List<PendingPublication>> Due(IngestionDbContext db, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        if (db.Database.IsNpgsql())
        {
            return db.PendingPublications
                .FromSqlInterpolated($"""
                    SELECT * FROM pending_publications WHERE "ParkedAt" IS NULL AND "NotBefore" <= {now}
                    ORDER BY "Sequence" LIMIT {settings.BatchSize} FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
        }

        // SQLite: one process owns the file, and the transaction already holds its write lock.
        return db.PendingPublications.Where(p => p.ParkedAt == null && p.NotBefore <= now).OrderBy(p => p.Sequence).Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
    }

    void Park(PendingPublication publication, Delivery delivery, DateTime now)
    {
        publication.ParkedAt = now;
        metrics.Parked(delivery.Event);
        LogParked(logger, delivery.DeliveryId, publication.MessageId, publication.Attempts, publication.LastError);
    }

    /// <summary>Publishes a row's event, read again from the stored payload; returns null on success or what went wrong.</summary>
    Task<PublishFailure?> Publish(PendingPublication publication, Delivery delivery, CancellationToken cancellationToken)
    {
        using var payload = JsonDocument.Parse(delivery.Payload);
        var normalized = delivery.Event == PubSubDeliveries.Event
            ? PubSubDeliveries.Normalize(delivery)
            : GitHubEventNormalizer.Normalize(delivery.Event, delivery.DeliveryId, payload.RootElement);
        return normalized is NormalizedEvent.Publish publish
            ? publisher.Publish(new EventPublication(publication.Sequence, publication.MessageId, delivery.DeliveryId, delivery.Event, publish.Message),
                settings.PublishTimeout, cancellationToken)
            : Task.FromResult<PublishFailure?>(new PublishFailure($"delivery {delivery.DeliveryId} no longer maps to an event Micro publishes", false));
    }

    /// <summary>
    /// Doubles with each counted attempt, and grows with the row's age while the broker is down (which counts no attempts), so an
    /// outage is not met with a retry every two seconds; at most a minute.
    /// </summary>
    static TimeSpan Backoff(PendingPublication publication, DateTime now) =>
        TimeSpan.FromSeconds(Math.Clamp(Math.Max(Math.Pow(2, publication.Attempts), (now - publication.EnqueuedAt).TotalSeconds), 2, 60));

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be drained: {Error}: {Reason}; retrying")]
    static partial void LogDrainFailed(ILogger logger, string error, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The event of delivery {DeliveryId} (message {MessageId}) failed to publish {Attempts} times and is parked: {LastError}. Replay the delivery to retry it")]
    static partial void LogParked(ILogger logger, string deliveryId, Guid messageId, int attempts, string? lastError);
}
