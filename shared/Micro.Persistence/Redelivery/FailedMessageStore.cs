using System.Text.Json;
using Micro.Messaging.Redelivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micro.Persistence.Redelivery;

/// <summary>
/// Keeps a module's failed messages in its database. An outage of that database is waited out here, holding the message unacknowledged:
/// the consumers' slots fill up and consumption pauses until the database is back, and nothing is lost or sent to an <c>_error</c> queue.
/// </summary>
sealed partial class FailedMessageStore<TContext>(
    string service,
    IDbContextFactory<TContext> contexts,
    IOptionsMonitor<RedeliveryPolicy> options,
    RedeliveryMetrics metrics,
    FailedMessageSignal signal,
    TimeProvider clock,
    ILogger<FailedMessageStore<TContext>> logger) : IFailedMessageStore
    where TContext : DbContext
{
    static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(15);

    volatile bool unavailable;

    public async Task WaitUntilAvailable(CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        while (unavailable)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                if (await db.Database.CanConnectAsync(cancellationToken))
                {
                    unavailable = false;
                    LogAvailable(logger, service);
                    return;
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Still down: keep waiting.
            }

            await Task.Delay(pause, clock, cancellationToken);
            pause = Min(pause * 2, LongestPause);
        }
    }

    public async Task Keep(FailedDelivery failed, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await Save(failed, cancellationToken);
                unavailable = false;
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (!unavailable)
                    LogUnavailable(logger, service, error.GetType().Name);
                unavailable = true;
                await Task.Delay(pause, clock, cancellationToken);
                pause = Min(pause * 2, LongestPause);
            }
        }
    }

    async Task Save(FailedDelivery failed, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var destination = failed.Destination.ToString();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<FailedMessage>().SingleOrDefaultAsync(
            message => message.MessageId == failed.MessageId && message.Destination == destination, cancellationToken);
        if (row is null)
        {
            row = new FailedMessage
            {
                MessageId = failed.MessageId,
                Destination = destination,
                MessageType = failed.MessageType,
                Body = failed.Body,
                Headers = JsonSerializer.Serialize(failed.Headers),
                FirstFailedAt = failed.FirstFailedAt,
                LastError = string.Empty,
            };
            db.Add(row);
        }

        row.Attempts = Math.Max(row.Attempts + 1, failed.Attempt);
        row.LastFailedAt = now;
        row.LastError = FailedMessage.FitError(failed.Error);
        var due = now + settings.DelayBefore(row.Attempts);
        if (due > row.FirstFailedAt + settings.Window)
        {
            row.DueAt = null;
            row.DeadAt = now;
            metrics.DeadLettered(service, failed.MessageType);
            LogDeadLetter(logger, service, failed.MessageType, failed.MessageId, row.Attempts, row.LastError);
        }
        else
        {
            row.DueAt = due;
            row.DeadAt = null;
            metrics.Scheduled(service, failed.MessageType);
            LogScheduled(logger, service, failed.MessageType, failed.MessageId, row.Attempts, due, row.LastError);
        }

        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
    }

    static TimeSpan Min(TimeSpan left, TimeSpan right) => left < right ? left : right;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: {MessageType} {MessageId} failed {Attempts} time(s) after its retries ({Error}); redelivering it at {DueAt:O}")]
    static partial void LogScheduled(ILogger logger, string service, string messageType, Guid messageId, int attempts, DateTime dueAt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Service}: {MessageType} {MessageId} is a dead letter after {Attempts} failures ({Error}); an operator can send it again through the dead-letters API")]
    static partial void LogDeadLetter(ILogger logger, string service, string messageType, Guid messageId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Service}: its database is unavailable ({Error}); its consumers pause until it is back")]
    static partial void LogUnavailable(ILogger logger, string service, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: its database is available again; its consumers resume")]
    static partial void LogAvailable(ILogger logger, string service);
}
