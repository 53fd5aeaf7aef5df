using System.Threading.Channels;
using Micro.Ingestion.Data;
using Micro.Messaging.InProcess;
using Microsoft.EntityFrameworkCore;

namespace Micro.Ingestion.Publishing;

/// <summary>
/// On the in-memory bus (the standalone host) an event is safe only once every consumer in the process has handled it: until then it
/// lives in memory, and a crash would lose it although its delivery was answered 202. So there an outbox row is settled only when the
/// <see cref="ConsumptionLedger"/> says its event was consumed; a row still unsettled after a crash is published again, and consumers
/// tolerate the repeat. On a broker the publisher's confirmation is enough, and <see cref="IsActive"/> is false.
/// </summary>
public sealed partial class ConsumedSettlement(
    IDbContextFactory<IngestionDbContext> contexts, IServiceProvider services, ILogger<ConsumedSettlement> logger) : BackgroundService
{
    const int MaxBatch = 256;

    readonly ConsumptionLedger? ledger = services.GetService<ConsumptionLedger>();
    readonly Channel<EventPublication> consumed = Channel.CreateUnbounded<EventPublication>();

    public bool IsActive => ledger is not null;

    /// <summary>Whether the event is published here and not yet handled by every consumer: the poller must not publish it again.</summary>
    public bool IsInFlight(Guid messageId) => ledger?.IsInFlight(messageId) == true;

    /// <summary>Starts waiting for the event's consumers; call before publishing it, and <see cref="Abandon"/> when publishing fails.</summary>
    public void Expect(EventPublication publication)
    {
        if (ledger is null)
            return;

        ledger.WhenConsumed(publication.MessageId, publication.Message.GetType()).ContinueWith(
            done => consumed.Writer.TryWrite(publication), CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Abandon(EventPublication publication) => ledger?.Abandoned(publication.MessageId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (ledger is null)
            return;

        await foreach (var batch in consumed.Reader.ReadBatches(MaxBatch, stoppingToken))
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                await Outbox.SettleAlone(db, batch.Select(p => p.Sequence).ToList(), batch.Select(p => p.DeliveryId).ToList(), stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The rows stay; once their hold-back has passed the poller publishes them again, and consumers tolerate the repeat.
                LogSettleFailed(logger, batch.Count, exception.GetType().Name, exception.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle {Count} consumed events ({Error}: {Reason}); they will be published again")]
    static partial void LogSettleFailed(ILogger logger, int count, string error, string reason);
}
