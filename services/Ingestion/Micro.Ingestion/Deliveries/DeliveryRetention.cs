using Micro.Ingestion.Data;
using Micro.Persistence.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Deliveries;

/// <summary>Deletes deliveries older than <c>Ingestion:Retention</c>, and their outbox rows, every <c>Ingestion:RetentionSweepInterval</c>.</summary>
public sealed class DeliveryRetention(
    IDbContextFactory<IngestionDbContext> contexts, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<DeliveryRetention> logger)
    : RetentionSweep(clock, logger)
{
    // Deleted a chunk per transaction, so a first sweep over a large backlog neither holds locks long nor bloats one transaction.
    const int Chunk = 1000;

    protected override string Records => "deliveries from the delivery log";

    protected override string Setting => $"{RetentionOptions.Section}:{nameof(RetentionOptions.Retention)}";

    protected override TimeSpan Retention => options.Value.Retention;

    protected override TimeSpan Interval => options.Value.RetentionSweepInterval;

    protected override async Task<int> DeleteOlderThan(DateTime cutoff, CancellationToken cancellationToken)
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
}
