using Microsoft.EntityFrameworkCore;

namespace Micro.Persistence.Idempotency;

/// <summary>A message a consumer has already handled, remembered so a redelivery changes nothing.</summary>
public sealed class ProcessedMessage
{
    public required string Consumer { get; init; }

    public required Guid MessageId { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }
}

public static class ProcessedMessageModel
{
    /// <summary>Adds the table of processed message ids to a service's model; call from OnModelCreating.</summary>
    public static ModelBuilder ProcessedMessages(this ModelBuilder model)
    {
        var entity = model.Entity<ProcessedMessage>();
        entity.ToTable("processed_messages");
        entity.HasKey(message => new { message.Consumer, message.MessageId });
        entity.Property(message => message.Consumer).HasMaxLength(200);
        return model;
    }
}
