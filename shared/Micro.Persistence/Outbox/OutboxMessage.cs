using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Micro.Persistence.Outbox;

/// <summary>
/// An event a service committed together with the change it announces, waiting to be published. Its id becomes the published
/// message id, so a row published twice (a crash between the broker's confirmation and the row's removal) is the same message twice.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>
    /// Commit order. One relay publishes its batch in this order; replicas relaying at once, and consumers running in parallel, do
    /// not keep it, so consumers must not depend on it.
    /// </summary>
    public long Sequence { get; init; }

    public Guid MessageId { get; init; }

    /// <summary>Full type name and assembly name of the message, without a version, so a row outlives an upgrade.</summary>
    public required string MessageType { get; init; }

    public required string Body { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set when the row cannot be published at all (its type is gone, its body unreadable): it is skipped and logged.</summary>
    public string? Failure { get; set; }

    public static OutboxMessage Of(object message, DateTimeOffset now)
    {
        var type = message.GetType();
        return new OutboxMessage
        {
            MessageId = Guid.NewGuid(),
            MessageType = $"{type.FullName}, {type.Assembly.GetName().Name}",
            Body = JsonSerializer.Serialize(message, type, OutboxJson.Options),
            CreatedAt = now,
        };
    }
}

static class OutboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

public static class OutboxModel
{
    /// <summary>Adds the outbox table to a service's model; call from OnModelCreating.</summary>
    public static ModelBuilder OutboxMessages(this ModelBuilder model)
    {
        var entity = model.Entity<OutboxMessage>();
        entity.ToTable("outbox_messages");
        entity.HasKey(message => message.Sequence);
        entity.Property(message => message.Sequence).ValueGeneratedOnAdd();
        entity.HasIndex(message => message.MessageId).IsUnique();
        entity.Property(message => message.MessageType).HasMaxLength(300);
        entity.Property(message => message.Failure).HasMaxLength(1000);
        return model;
    }

    /// <summary>Queues <paramref name="message"/> to be published once the context's transaction commits.</summary>
    public static void AddToOutbox(this DbContext db, object message, DateTimeOffset now) =>
        db.Set<OutboxMessage>().Add(OutboxMessage.Of(message, now));
}
