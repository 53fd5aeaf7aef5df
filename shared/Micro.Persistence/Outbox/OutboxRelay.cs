using System.Text.Json;
using MassTransit;
using Micro.Persistence.Sagas;
using Micro.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micro.Persistence.Outbox;

/// <summary>
/// Publishes a service's outbox rows and removes them, oldest first. Woken right after a commit for low latency, and polling so that
/// rows left by a crash or a broker outage go out once the broker is back. Replicas share the table: on PostgreSQL each claims its
/// rows with <c>FOR UPDATE SKIP LOCKED</c>; SQLite has one writer anyway.
/// </summary>
public sealed partial class OutboxRelay<TContext>(
    IDbContextFactory<TContext> contexts, IBus bus, ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    const int BatchSize = 50;
    static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(15);
    static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    readonly WakeSignal wakeUps = new();

    /// <summary>Rows were committed: publish them now rather than at the next poll.</summary>
    public void Wake() => wakeUps.Notify();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RelayBatch(stoppingToken) == BatchSize)
                    continue;
                pause = PollInterval;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogRelayFailed(logger, typeof(TContext).Name, pause, exception);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }

            await wakeUps.Wait(pause, stoppingToken);
        }
    }

    async Task<int> RelayBatch(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Looked at first without a transaction: on SQLite the claiming transaction takes the database's only write lock.
        if (!await db.Set<OutboxMessage>().AnyAsync(row => row.Failure == null, cancellationToken))
            return 0;

        return await SagaTransaction.Run(db, async () =>
        {
            var rows = await Claim(db, cancellationToken);
            foreach (var row in rows)
                await Publish(row, cancellationToken);

            db.Set<OutboxMessage>().RemoveRange(rows.Where(row => row.Failure is null));
            await db.SaveChangesAsync(cancellationToken);
            return rows.Count;
        }, cancellationToken);
    }

    static Task<List<OutboxMessage>> Claim(TContext db, CancellationToken cancellationToken)
    {
        var pending = db.Database.IsNpgsql()
            ? db.Set<OutboxMessage>().FromSqlRaw(
                $"SELECT * FROM outbox_messages WHERE \"Failure\" IS NULL ORDER BY \"Sequence\" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            : db.Set<OutboxMessage>().Where(row => row.Failure == null).OrderBy(row => row.Sequence).Take(BatchSize);
        return pending.AsTracking().ToListAsync(cancellationToken);
    }

    async Task Publish(OutboxMessage row, CancellationToken cancellationToken)
    {
        object message;
        Type type;
        try
        {
            type = Type.GetType(row.MessageType, throwOnError: true)!;
            message = JsonSerializer.Deserialize(row.Body, type, OutboxJson.Options)
                ?? throw new JsonException("the body is null");
        }
        catch (Exception exception) when (exception is TypeLoadException or FileNotFoundException or JsonException or NotSupportedException)
        {
            // Retrying cannot help: set it aside, visibly, rather than block every event behind it.
            row.Failure = $"{exception.GetType().Name}: {exception.Message}";
            LogUnpublishable(logger, row.MessageId, row.MessageType, exception);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        await bus.Publish(message, type, context => context.MessageId = row.MessageId, timeout.Token);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox of {Context}: publishing failed, trying again in {Pause}")]
    static partial void LogRelayFailed(ILogger logger, string context, TimeSpan pause, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} ({MessageType}) cannot be published and is set aside")]
    static partial void LogUnpublishable(ILogger logger, Guid messageId, string messageType, Exception exception);
}
