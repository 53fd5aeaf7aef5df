using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Micro.Contracts.Workflows;
using Micro.Ingestion.Deliveries;
using Micro.Ingestion.Normalization;
using Micro.PubSub.Push;

namespace Micro.Ingestion.PubSub;

/// <summary>
/// Pub/Sub messages in the delivery log, beside GitHub's deliveries: kept as their envelope under the id <c>pubsub:MESSAGE_ID</c>, so
/// that a message pushed or pulled again is a duplicate, and published as <see cref="WorkflowRequested"/>.
/// </summary>
static class PubSubDeliveries
{
    public const string Event = "pubsub";

    const string IdPrefix = "pubsub:";

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Delivery Accepted(PushEnvelope envelope) =>
        new()
        {
            DeliveryId = IdPrefix + envelope.MessageId,
            Event = Event,
            Sender = Loggable(envelope.Subscription, 100),
            ReceivedAt = DateTime.UtcNow,
            Payload = envelope.ToJson(),
            State = DeliveryState.Received,
        };

    /// <summary>
    /// A body that is no usable message, kept for the record (as a JSON string, base64 when it is not even text) and acknowledged, so
    /// that Pub/Sub does not push it forever. Its id is the message id when it has one, else a digest of the body.
    /// </summary>
    public static Delivery Rejected(ReadOnlySpan<byte> body, string? messageId, string problem)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            text = "base64:" + Convert.ToBase64String(body);
        }

        return new Delivery
        {
            DeliveryId = IdPrefix + (messageId is { Length: > 0 and <= 90 } ? messageId : "rejected-" + Convert.ToHexStringLower(SHA256.HashData(body))[..32]),
            Event = Event,
            ReceivedAt = DateTime.UtcNow,
            Payload = JsonSerializer.Serialize(text),
            State = DeliveryState.Rejected,
            IgnoredReason = Loggable(problem, 500),
        };
    }

    /// <summary>The event of a stored message, read again from its envelope (for the outbox and replays).</summary>
    public static NormalizedEvent Normalize(Delivery delivery) =>
        PushEnvelope.TryParse(Encoding.UTF8.GetBytes(delivery.Payload), out var envelope, out var problem)
            ? new NormalizedEvent.Publish(Requested(envelope!, delivery.ReceivedAt))
            : new NormalizedEvent.Ignore($"malformed Pub/Sub message: {problem}");

    public static WorkflowRequested Requested(PushEnvelope envelope, DateTime receivedAt) =>
        new(envelope.MessageId, $"pubsub:{envelope.Subscription}", envelope.Text, envelope.Attributes,
            new DateTimeOffset(DateTime.SpecifyKind(receivedAt, DateTimeKind.Utc)));

    static string? Loggable(string? value, int length)
    {
        var cleaned = value?.Replace("\0", "", StringComparison.Ordinal);
        return cleaned?.Length > length ? cleaned[..length] : cleaned;
    }
}
