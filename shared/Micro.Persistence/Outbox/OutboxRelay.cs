using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using Micro.Persistence.Database;
using Micro.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micro.Persistence.Outbox;

/// <summary>
/// Publishes a service's outbox rows and removes them, oldest first. Woken right after a commit for low latency, and polling so that
/// rows left by a crash or a broker outage go out once the broker is back. Replicas share the table: on PostgreSQL each claims its
/// rows with <c>FOR UPDATE SKIP LOCKED</c>, on SQLite they take turns (<see cref="RelayTurn"/>). A row that cannot be published at all, or that the broker
/// refuses <see cref="MaxAttempts"/> times while others go out, is set aside (<see cref="OutboxMessage.Failure"/>) and logged as an
/// error, rather than retried forever ahead of the rest; a broker outage sets nothing aside, however long it lasts.
/// </summary>
public sealed partial class OutboxRelay<TContext>(
    IDbContextFactory<TContext> contexts, IBus bus, ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    const int BatchSize = 50;
    static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(15);
    static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Failed publishes of one row, with the broker otherwise taking messages, before it is set aside: about twenty seconds of
    /// polls. Counted in memory, so a restart gives a row its attempts back; the bound holds per process.
    /// </summary>
    public const int MaxAttempts = 10;

    readonly WakeSignal wakeUps = new();
    readonly ConcurrentDictionary<Guid, int> failedAttempts = new();

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
        // Looked at first with a cheap query: most polls find nothing to relay.
        if (!await db.Set<OutboxMessage>().AnyAsync(row => row.Failure == null, cancellationToken))
            return 0;

        return await RelayTurn.Run(db, "outbox-relay", () => RelayClaimed(db, cancellationToken), cancellationToken);
    }

    async Task<int> RelayClaimed(TContext db, CancellationToken cancellationToken)
    {
        var rows = await Claim(db, cancellationToken);
        var published = new List<OutboxMessage>(rows.Count);
        foreach (var row in rows)
        {
            if (await Publish(row, cancellationToken))
                published.Add(row);
        }

        db.Set<OutboxMessage>().RemoveRange(published);
        await db.SaveChangesAsync(cancellationToken);
        // Only a batch that went out asks for the next one at once: refused rows are tried again at the next poll.
        return published.Count;
    }

    static Task<List<OutboxMessage>> Claim(TContext db, CancellationToken cancellationToken)
    {
        var pending = db.Database.IsNpgsql()
            ? db.Set<OutboxMessage>().FromSqlRaw(
                $"SELECT * FROM outbox_messages WHERE \"Failure\" IS NULL ORDER BY \"Sequence\" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            : db.Set<OutboxMessage>().Where(row => row.Failure == null).OrderBy(row => row.Sequence).Take(BatchSize);
        return pending.AsTracking().ToListAsync(cancellationToken);
    }

    /// <summary>True once the broker confirmed the row; false when it stays (or is set aside). A broker outage throws.</summary>
    async Task<bool> Publish(OutboxMessage row, CancellationToken cancellationToken)
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
            row.Failure = Truncate($"{exception.GetType().Name}: {exception.Message}", 1000);
            LogUnpublishable(logger, row.MessageId, row.MessageType, exception);
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await bus.Publish(message, type, context => context.MessageId = row.MessageId, timeout.Token);
            failedAttempts.TryRemove(row.MessageId, out _);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && !PublishFailures.BrokerUnavailable(exception))
        {
            var attempts = failedAttempts.AddOrUpdate(row.MessageId, 1, (_, failed) => failed + 1);
            if (attempts < MaxAttempts)
            {
                LogPublishRefused(logger, row.MessageId, row.MessageType, attempts, exception);
                return false;
            }

            failedAttempts.TryRemove(row.MessageId, out _);
            row.Failure = Truncate($"failed {attempts} times, last: {exception.GetType().Name}: {exception.Message}", 1000);
            LogUnpublishable(logger, row.MessageId, row.MessageType, exception);
            return false;
        }
    }

    static string Truncate(string value, int length) => value.Length > length ? value[..length] : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox of {Context}: publishing failed, trying again in {Pause}")]
    static partial void LogRelayFailed(ILogger logger, string context, TimeSpan pause, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({MessageType}) failed to publish (attempt {Attempts}); it stays in the outbox")]
    static partial void LogPublishRefused(ILogger logger, Guid messageId, string messageType, int attempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageId} ({MessageType}) cannot be published and is set aside")]
    static partial void LogUnpublishable(ILogger logger, Guid messageId, string messageType, Exception exception);
}
