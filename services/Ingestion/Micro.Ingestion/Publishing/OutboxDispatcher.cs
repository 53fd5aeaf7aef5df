using System.Threading.Channels;
using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Publishing;

/// <summary>
/// The outbox's fast path: events of freshly committed deliveries are published straight from memory, and their rows settled in
/// bulk. Whatever it cannot publish (a full queue, a broker error, a crash) stays in the outbox for <see cref="OutboxPublisher"/>
/// once the row's hold-back has passed.
/// </summary>
public sealed partial class OutboxDispatcher(
    IDbContextFactory<IngestionDbContext> contexts,
    EventPublisher publisher,
    ConsumedSettlement settlement,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    const int MaxBatch = 256;

    readonly Channel<EventPublication> queue = Channel.CreateBounded<EventPublication>(
        new BoundedChannelOptions(50_000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Hands over committed publications; any the queue has no room for are left to the poller.</summary>
    public void Dispatch(IEnumerable<EventPublication> publications)
    {
        foreach (var publication in publications)
            queue.Writer.TryWrite(publication);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var batch in queue.Reader.ReadBatches(MaxBatch, stoppingToken))
        {
            try
            {
                await PublishAndSettle(batch, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The rows are still in the outbox; the poller publishes them (again, under the same message ids) later.
                LogSettleFailed(logger, batch.Count, exception.GetType().Name, exception.Message);
            }
        }
    }

    async Task PublishAndSettle(List<EventPublication> batch, CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(batch.Select(p => publisher.Publish(p, options.Value.PublishTimeout, cancellationToken)));
        var published = batch.Where((_, i) => outcomes[i] is null).ToList();
        if (published.Count == 0 || settlement.IsActive)
            return;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await Outbox.Settle(db, published.Select(p => p.Sequence).ToList(), published.Select(p => p.DeliveryId).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle {Count} published events ({Error}: {Reason}); the outbox poller takes them over")]
    static partial void LogSettleFailed(ILogger logger, int count, string error, string reason);
}
