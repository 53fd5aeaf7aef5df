using System.Text;
using System.Text.Json.Serialization;

namespace Micro.PubSub;

/// <summary>
/// A Pub/Sub message as the REST API spells it: <c>data</c> is base64 (read as bytes), attributes are strings. The same shape arrives in
/// a pull response and inside a push envelope.
/// </summary>
public sealed record PubSubMessage
{
    [JsonPropertyName("data")]
    public byte[]? Data { get; init; }

    [JsonPropertyName("attributes")]
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>Set by Pub/Sub, unique within the topic; empty on a message to publish.</summary>
    [JsonPropertyName("messageId")]
    public string? MessageId { get; init; }

    [JsonPropertyName("publishTime")]
    public DateTimeOffset? PublishTime { get; init; }

    [JsonPropertyName("orderingKey")]
    public string? OrderingKey { get; init; }

    /// <summary>A message to publish carrying <paramref name="text"/> as UTF-8.</summary>
    public static PubSubMessage OfText(string text, IReadOnlyDictionary<string, string>? attributes = null) =>
        new() { Data = Encoding.UTF8.GetBytes(text), Attributes = attributes };
}

/// <summary>A pulled message with the id that acknowledges it, and how often it has been delivered (when the subscription counts).</summary>
public sealed record ReceivedMessage(
    [property: JsonPropertyName("ackId")] string AckId,
    [property: JsonPropertyName("message")] PubSubMessage Message,
    [property: JsonPropertyName("deliveryAttempt")] int? DeliveryAttempt);
