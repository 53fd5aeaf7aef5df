using System.ComponentModel.DataAnnotations;

namespace Micro.Messaging;

public enum MessageTransport
{
    /// <summary>Messages stay inside the process: the standalone host.</summary>
    InMemory,

    /// <summary>Durable queues on a RabbitMQ broker: the distributed topology.</summary>
    RabbitMq,
}

/// <summary>The <c>Messaging</c> configuration section.</summary>
public sealed class MessagingOptions : IValidatableObject
{
    public const string Section = "Messaging";

    public MessageTransport Transport { get; set; } = MessageTransport.InMemory;

    /// <summary>The broker, as <c>amqp://user:password@host:5672/vhost</c>; read from <c>ConnectionStrings:RabbitMq</c>.</summary>
    public string? RabbitMqConnectionString { get; set; }

    /// <summary>How many times a failing message is retried in place before it goes to the error queue.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;

    /// <summary>Messages fetched ahead per queue from the broker.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 32;

    /// <summary>Messages one queue's consumers handle at the same time.</summary>
    [Range(1, 1000)]
    public int ConcurrentMessageLimit { get; set; } = 16;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Transport != MessageTransport.RabbitMq)
            yield break;

        if (string.IsNullOrWhiteSpace(RabbitMqConnectionString))
        {
            yield return new ValidationResult(
                "ConnectionStrings:RabbitMq is required when Messaging:Transport is RabbitMq (e.g. amqp://guest:guest@localhost:5672/)",
                [nameof(Transport)]);
        }
        else if (!Uri.TryCreate(RabbitMqConnectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            yield return new ValidationResult(
                "ConnectionStrings:RabbitMq must be an amqp:// or amqps:// URI",
                [nameof(Transport)]);
        }
    }
}
