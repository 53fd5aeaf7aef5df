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

    /// <summary>
    /// How long a confirmed publication waits for others before their rows are settled together. Publishing is not held back, only
    /// the bookkeeping: one statement and one commit for every confirmation of this span rather than one per delivery, which was a
    /// third of ingestion's database work. Far below <see cref="OutboxOptions.DispatchHoldBack"/>, so the poller leaves the rows alone.
    /// </summary>
    static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Settling at stop may take this long; what it does not settle is published again after the restart.</summary>
    static readonly TimeSpan FinalSettleTimeout = TimeSpan.FromSeconds(5);

    readonly Channel<EventPublication> queue = Channel.CreateBounded<EventPublication>(
        new BoundedChannelOptions(50_000) { FullMode = BoundedChannelFullMode.DropWrite });

    readonly Channel<EventPublication> confirmed = Channel.CreateUnbounded<EventPublication>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Hands over committed publications; any the queue has no room for are left to the poller.</summary>
    public void Dispatch(IEnumerable<EventPublication> publications)
    {
        foreach (var publication in publications)
            queue.Writer.TryWrite(publication);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(PublishQueued(stoppingToken), SettleConfirmed(stoppingToken));

    async Task PublishQueued(CancellationToken stoppingToken)
    {
        await foreach (var batch in queue.Reader.ReadBatches(MaxBatch, stoppingToken))
        {
            try
            {
                await Publish(batch, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The rows are still in the outbox; the poller publishes them (again, under the same message ids) later.
                LogPublishFailed(logger, batch.Count, exception.GetType().Name, exception.Message);
            }
        }
    }

    async Task Publish(List<EventPublication> batch, CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(batch.Select(p => publisher.Publish(p, options.Value.PublishTimeout, cancellationToken)));
        // On the in-memory bus the rows are settled once consumed (ConsumedSettlement), not once published.
        if (settlement.IsActive)
            return;

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is null)
                confirmed.Writer.TryWrite(batch[i]);
        }
    }

    async Task SettleConfirmed(CancellationToken stoppingToken)
    {
        try
        {
            while (await confirmed.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(SettleDelay, stoppingToken);
                await SettleAvailable(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Confirmed before the stop: settled now rather than published a second time after the restart.
            using var timeout = new CancellationTokenSource(FinalSettleTimeout);
            await SettleAvailable(timeout.Token);
        }
    }

    async Task SettleAvailable(CancellationToken cancellationToken)
    {
        var batch = new List<EventPublication>(MaxBatch);
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && confirmed.Reader.TryRead(out var publication))
                batch.Add(publication);
            if (batch.Count == 0)
                return;

            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                await Outbox.SettleAlone(db, batch.Select(p => p.Sequence).ToList(), batch.Select(p => p.DeliveryId).ToList(), cancellationToken);
            }
            catch (Exception exception)
            {
                // The rows are still in the outbox; the poller publishes them (again, under the same message ids) later.
                LogSettleFailed(logger, batch.Count, exception.GetType().Name, exception.Message);
                if (cancellationToken.IsCancellationRequested)
                    return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish {Count} events ({Error}: {Reason}); the outbox poller takes them over")]
    static partial void LogPublishFailed(ILogger logger, int count, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle {Count} published events ({Error}: {Reason}); the outbox poller takes them over")]
    static partial void LogSettleFailed(ILogger logger, int count, string error, string reason);
}
