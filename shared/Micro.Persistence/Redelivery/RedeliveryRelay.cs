using System.Text.Json;
using MassTransit;
using Micro.Messaging.Redelivery;
using Micro.Persistence.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micro.Persistence.Redelivery;

/// <summary>
/// Sends a service's failed messages back to the endpoint that failed them once they are due: under their original message id, with
/// their attempt count and first failure time in headers, so that failing again continues their schedule. Replicas share the table:
/// on PostgreSQL each claims its rows with <c>FOR UPDATE SKIP LOCKED</c>. Sending and removing the row commit together; a crash
/// between them sends the message twice, which consumers must tolerate anyway. Between rounds it sleeps until the next message is
/// due (a kept message wakes it at once), at most <see cref="RedeliveryPolicy.PollInterval"/>: so a message is redelivered on time
/// without polling, and one that a stopped replica left is redelivered at most a poll interval after it came due.
/// </summary>
sealed partial class RedeliveryRelay<TContext>(
    string service,
    IDbContextFactory<TContext> contexts,
    IBus bus,
    IOptionsMonitor<RedeliveryPolicy> options,
    RedeliveryMetrics metrics,
    FailedMessageSignal signal,
    TimeProvider clock,
    ILogger<RedeliveryRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    const int BatchSize = 50;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.CurrentValue.PollInterval;
            try
            {
                var round = await RelayDue(stoppingToken);
                if (round.Relayed > 0)
                    continue;
                wait = Until(round.NextDue, wait);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogRelayFailed(logger, service, error.GetType().Name, error.Message);
            }

            await signal.Wait(wait, stoppingToken);
        }
    }

    /// <summary>
    /// Until the next message is due, and at most the poll interval: a message this process keeps wakes the relay (the signal), so the
    /// poll only has to notice what another replica kept and could not redeliver itself (it stopped meanwhile).
    /// </summary>
    TimeSpan Until(DateTime? nextDue, TimeSpan pollInterval)
    {
        if (nextDue is not { } due)
            return pollInterval;
        var wait = due - clock.GetUtcNow().UtcDateTime;
        // Due already yet nothing relayed: another replica holds those rows right now; look again at the poll.
        return wait <= TimeSpan.Zero || wait > pollInterval ? pollInterval : wait;
    }

    /// <summary>Redelivers a batch of the messages that are due; answers how many, or when the next one is due when none was.</summary>
    async Task<(int Relayed, DateTime? NextDue)> RelayDue(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Looked at first with a cheap query: most rounds find nothing due.
        var nextDue = await db.Set<FailedMessage>().Where(row => row.DeadAt == null && row.DueAt != null).MinAsync(row => row.DueAt, cancellationToken);
        if (nextDue is null || nextDue > now)
            return (0, nextDue);

        var relayed = await RelayTurn.Run(db, "redelivery-relay", async () =>
        {
            var due = await Claim(db, now, cancellationToken);
            foreach (var row in due)
                await Redeliver(row, now, cancellationToken);
            db.Set<FailedMessage>().RemoveRange(due.Where(row => row.DeadAt is null));
            await db.SaveChangesAsync(cancellationToken);
            return due.Count;
        }, cancellationToken);
        return (relayed, nextDue);
    }

    static Task<List<FailedMessage>> Claim(TContext db, DateTime now, CancellationToken cancellationToken)
    {
        var due = db.Database.IsNpgsql()
            ? db.Set<FailedMessage>().FromSqlInterpolated($"""
                SELECT * FROM failed_messages WHERE "DeadAt" IS NULL AND "DueAt" <= {now}
                ORDER BY "DueAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
                """)
            : db.Set<FailedMessage>().Where(row => row.DeadAt == null && row.DueAt <= now).OrderBy(row => row.DueAt).Take(BatchSize);
        return due.AsTracking().ToListAsync(cancellationToken);
    }

    async Task Redeliver(FailedMessage row, DateTime now, CancellationToken cancellationToken)
    {
        object message;
        Type type;
        Dictionary<string, string> headers;
        try
        {
            type = Type.GetType(row.MessageType, throwOnError: true)!;
            message = JsonSerializer.Deserialize(row.Body, type, Json) ?? throw new JsonException("the body is null");
            headers = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Headers) ?? [];
        }
        catch (Exception error) when (error is TypeLoadException or FileNotFoundException or JsonException or NotSupportedException)
        {
            // Sending it again cannot help: it stays, visibly, as a dead letter.
            row.DueAt = null;
            row.DeadAt = now;
            row.LastError = FailedMessage.FitError($"cannot be redelivered: {error.GetType().Name}: {error.Message}");
            metrics.DeadLettered(service, row.MessageType);
            return;
        }

        var endpoint = await bus.GetSendEndpoint(new Uri(row.Destination));
        await endpoint.Send(message, type, context =>
        {
            context.MessageId = row.MessageId;
            foreach (var (name, value) in headers.Where(header => !header.Key.StartsWith("MT-", StringComparison.Ordinal)))
                context.Headers.Set(name, value);
            context.Headers.Set(FailedDelivery.AttemptHeader, row.Attempts);
            context.Headers.Set(FailedDelivery.FirstFailedHeader, row.FirstFailedAt.ToString("O"));
        }, cancellationToken);
        metrics.Redelivered(service, row.MessageType);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: redelivering failed messages failed ({Error}: {Reason}); trying again")]
    static partial void LogRelayFailed(ILogger logger, string service, string error, string reason);
}
