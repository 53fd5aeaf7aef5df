using System.Threading.Channels;
using Micro.Ingestion.Data;
using Micro.Ingestion.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Deliveries;

public enum StoreOutcome
{
    Stored,
    Duplicate,
}

/// <summary>
/// Stores deliveries durably, many per transaction. Webhook requests hand their delivery over and wait for its commit, so under
/// load one commit (one disk flush) answers a whole batch of requests instead of each paying for its own.
/// </summary>
public sealed partial class DeliveryStore(
    IDbContextFactory<IngestionDbContext> contexts,
    OutboxDispatcher dispatcher,
    IOptions<OutboxOptions> outbox,
    ILogger<DeliveryStore> logger) : BackgroundService
{
    const int MaxBatch = 256;
    const int Writers = 2;

    readonly Channel<PendingWrite> queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Returns once the delivery (and, when it has an event to publish, its outbox row) is committed.</summary>
    public async Task<StoreOutcome> Store(Delivery delivery, object? message, CancellationToken cancellationToken)
    {
        var write = new PendingWrite(delivery, message);
        await queue.Writer.WriteAsync(write, cancellationToken);
        return await write.Completion.Task.WaitAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Let what was handed over commit before the process goes: those requests are still waiting for their answer.
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A SQLite file takes one writer at a time: a second batch would only wait for the lock in SQLite's busy handler, holding a
        // thread, in sleeps that grow to 100 ms; in the queue it waits without a thread and joins the next batch.
        await using var db = await contexts.CreateDbContextAsync(stoppingToken);
        var writers = db.Database.IsNpgsql() ? Writers : 1;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(WriteUntilCompleted, CancellationToken.None)));
    }

    async Task WriteUntilCompleted()
    {
        await foreach (var batch in queue.Reader.ReadBatches(MaxBatch))
            await Write(batch);
    }

    internal async Task Write(List<PendingWrite> batch)
    {
        var firsts = new List<PendingWrite>(batch.Count);
        foreach (var group in batch.GroupBy(write => write.Delivery.DeliveryId))
        {
            var first = group.First();
            firsts.Add(first);
            foreach (var repeat in group.Skip(1))
                repeat.Follow(first);
        }

        try
        {
            await Insert(firsts);
        }
        catch (DbUpdateException)
        {
            // Another replica stored one of these ids in the meantime: settle them one by one, so the rest still commit and the
            // repeated id, looked up again, reads as a duplicate.
            foreach (var write in firsts)
                await InsertAlone(write);
        }
        catch (Exception exception)
        {
            Fail(firsts, exception);
        }
    }

    async Task InsertAlone(PendingWrite write)
    {
        try
        {
            await Insert([write]);
        }
        catch (Exception exception)
        {
            Fail([write], exception);
        }
    }

    async Task Insert(List<PendingWrite> writes)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var rows = writes.Select(write =>
            (write.Delivery, Row: write.Message is null ? null : Outbox.PublicationOf(write.Delivery, outbox.Value.DispatchHoldBack))).ToList();
        var stored = db.Database.IsNpgsql() ? await PostgresDeliveryBatch.Insert(db, rows) : await SqliteDeliveryBatch.Insert(db, rows);

        foreach (var write in writes)
            write.Completion.TrySetResult(stored.ContainsKey(write.Delivery.DeliveryId) ? StoreOutcome.Stored : StoreOutcome.Duplicate);

        dispatcher.Dispatch(writes.Zip(rows)
            .Where(pair => pair.Second.Row is not null && stored.GetValueOrDefault(pair.First.Delivery.DeliveryId) is not null)
            .Select(pair => new EventPublication(stored[pair.First.Delivery.DeliveryId]!.Value, pair.Second.Row!.MessageId,
                pair.First.Delivery.DeliveryId, pair.First.Delivery.Event, pair.First.Message!)));
    }

    void Fail(List<PendingWrite> writes, Exception exception)
    {
        LogStoreFailed(logger, writes.Count, exception.GetType().Name);
        foreach (var write in writes)
            write.Completion.TrySetException(new DeliveryNotStoredException(exception));
    }

    internal sealed record PendingWrite(Delivery Delivery, object? Message)
    {
        public TaskCompletionSource<StoreOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>
        /// A repeat of <paramref name="first"/>'s id in the same batch is answered only once the first's fate is known: a duplicate
        /// of a stored delivery, but a failure too when the first could not be stored, so that GitHub redelivers it.
        /// </summary>
        public void Follow(PendingWrite first) =>
            _ = first.Completion.Task.ContinueWith(stored =>
            {
                if (stored.IsCompletedSuccessfully)
                    Completion.TrySetResult(StoreOutcome.Duplicate);
                else
                    Completion.TrySetException(stored.Exception!.InnerExceptions);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} webhook deliveries ({Error}); they are answered 503 so GitHub shows them as failed")]
    static partial void LogStoreFailed(ILogger logger, int count, string error);
}

/// <summary>The database did not take the delivery; the sender must be told to try again.</summary>
public sealed class DeliveryNotStoredException(Exception inner) : Exception("The delivery could not be stored.", inner);
