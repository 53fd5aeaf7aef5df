using Micro.Ingestion.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Deliveries;

/// <summary>
/// Deletes deliveries older than <c>Ingestion:Retention</c>, and their outbox rows, every <c>Ingestion:RetentionSweepInterval</c>.
/// Replicas may sweep at the same time: each deletes what is still there, and a row deleted by another is simply not counted.
/// </summary>
public sealed partial class DeliveryRetention(
    IDbContextFactory<IngestionDbContext> contexts, IOptions<RetentionOptions> options, ILogger<DeliveryRetention> logger) : BackgroundService
{
    // Deleted a chunk per transaction, so a first sweep over a large backlog neither holds locks long nor bloats one transaction.
    const int Chunk = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await Sweep(DateTime.UtcNow - settings.Retention, stoppingToken);
                if (deleted > 0)
                    LogSwept(logger, deleted, settings.Retention);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, exception.GetType().Name, exception.Message);
            }

            await Task.Delay(settings.RetentionSweepInterval, stoppingToken);
        }
    }

    async Task<int> Sweep(DateTime cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var ids = await db.Deliveries.Where(d => d.ReceivedAt < cutoff).OrderBy(d => d.ReceivedAt).Select(d => d.DeliveryId).Take(Chunk)
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
                return total;

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.PendingPublications.Where(p => ids.Contains(p.DeliveryId)).ExecuteDeleteAsync(cancellationToken);
            total += await db.Deliveries.Where(d => ids.Contains(d.DeliveryId)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (ids.Count < Chunk)
                return total;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} deliveries older than {Retention} from the delivery log")]
    static partial void LogSwept(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete old deliveries ({Error}: {Reason}); trying again at the next sweep")]
    static partial void LogSweepFailed(ILogger logger, string error, string reason);
}
