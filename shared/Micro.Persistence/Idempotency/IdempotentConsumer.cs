using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Micro.Persistence.Idempotency;

/// <summary>
/// A consumer whose effect on its database happens once per message id, however often the broker delivers it. The marker row and
/// the consumer's own changes commit in one transaction; a concurrent twin collides on the marker's key and, retried, finds it.
/// </summary>
public abstract partial class IdempotentConsumer<TMessage, TContext>(TContext db, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
    where TContext : DbContext
{
    /// <summary>The service's database; changes made to it in <see cref="ConsumeOnce"/> commit with the processed-id marker.</summary>
    protected TContext Db => db;

    /// <summary>The name processed ids are kept under; stable across releases, so renaming the class does not replay history.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} has no message id; it cannot be de-duplicated.");

        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var seen = await db.Set<ProcessedMessage>().AnyAsync(
            message => message.Consumer == ConsumerName && message.MessageId == messageId, context.CancellationToken);
        if (seen)
        {
            LogDuplicate(logger, ConsumerName, messageId);
            return;
        }

        db.Set<ProcessedMessage>().Add(new ProcessedMessage { Consumer = ConsumerName, MessageId = messageId, ProcessedAt = DateTimeOffset.UtcNow });
        await ConsumeOnce(context);
        await db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
    }

    /// <summary>Handles the message; changes made to the context are saved with the processed-id marker.</summary>
    protected abstract Task ConsumeOnce(ConsumeContext<TMessage> context);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Consumer} skipped message {MessageId}: already processed")]
    static partial void LogDuplicate(ILogger logger, string consumer, Guid messageId);
}
