using Microsoft.EntityFrameworkCore;

namespace Micro.Persistence.Redelivery;

/// <summary>
/// A message one of the service's consumers could not handle after its retries: waiting for its next redelivery (<see cref="DueAt"/>),
/// or, once its redelivery window is over, a dead letter (<see cref="DeadAt"/>) kept until an operator retries it.
/// </summary>
public sealed class FailedMessage
{
    public const int ErrorLength = 2000;

    public long Id { get; init; }

    public Guid MessageId { get; init; }

    /// <summary>The receive endpoint that failed, where the message is sent again (not published: the other consumers had it).</summary>
    public required string Destination { get; init; }

    public required string MessageType { get; init; }

    public required string Body { get; set; }

    /// <summary>The message's headers as received, JSON.</summary>
    public required string Headers { get; set; }

    public int Attempts { get; set; }

    public DateTime FirstFailedAt { get; set; }

    public DateTime LastFailedAt { get; set; }

    public required string LastError { get; set; }

    /// <summary>An error as it fits its column: errors come from outside (exception messages, answers) and are of any length.</summary>
    public static string FitError(string error) => error.Length <= ErrorLength ? error : error[..(ErrorLength - 1)] + "…";

    public DateTime? DueAt { get; set; }

    public DateTime? DeadAt { get; set; }
}

public static class FailedMessageModel
{
    /// <summary>Adds the table of failed messages to a service's model; call from OnModelCreating.</summary>
    public static ModelBuilder FailedMessages(this ModelBuilder model)
    {
        var entity = model.Entity<FailedMessage>();
        entity.ToTable("failed_messages");
        entity.HasKey(message => message.Id);
        entity.Property(message => message.Id).ValueGeneratedOnAdd();
        entity.Property(message => message.Destination).HasMaxLength(500);
        entity.Property(message => message.MessageType).HasMaxLength(300);
        entity.Property(message => message.LastError).HasMaxLength(FailedMessage.ErrorLength);
        entity.HasIndex(message => new { message.MessageId, message.Destination }).IsUnique();
        entity.HasIndex(message => new { message.DeadAt, message.DueAt });
        return model;
    }
}
