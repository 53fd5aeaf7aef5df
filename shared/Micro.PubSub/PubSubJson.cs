using System.Text.Json;
using System.Text.Json.Serialization;

namespace Micro.PubSub;

static class PubSubJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

sealed record PublishRequest([property: JsonPropertyName("messages")] IReadOnlyList<PubSubMessage> Messages);

sealed record PublishResponse([property: JsonPropertyName("messageIds")] IReadOnlyList<string>? MessageIds);

sealed record PullRequest([property: JsonPropertyName("maxMessages")] int MaxMessages);

sealed record PullResponse([property: JsonPropertyName("receivedMessages")] IReadOnlyList<ReceivedMessage>? ReceivedMessages);

sealed record AcknowledgeRequest([property: JsonPropertyName("ackIds")] IReadOnlyList<string> AckIds);

sealed record ModifyAckDeadlineRequest(
    [property: JsonPropertyName("ackIds")] IReadOnlyList<string> AckIds,
    [property: JsonPropertyName("ackDeadlineSeconds")] int AckDeadlineSeconds);

sealed record PushConfig([property: JsonPropertyName("pushEndpoint")] string PushEndpoint, [property: JsonPropertyName("oidcToken")] OidcToken? OidcToken);

sealed record OidcToken(
    [property: JsonPropertyName("serviceAccountEmail")] string ServiceAccountEmail,
    [property: JsonPropertyName("audience")] string? Audience);

sealed record SubscriptionRequest(
    [property: JsonPropertyName("topic")] string Topic,
    [property: JsonPropertyName("ackDeadlineSeconds")] int AckDeadlineSeconds,
    [property: JsonPropertyName("pushConfig")] PushConfig? PushConfig);

sealed record GoogleError([property: JsonPropertyName("error")] GoogleErrorBody? Error);

sealed record GoogleErrorBody([property: JsonPropertyName("message")] string? Message, [property: JsonPropertyName("status")] string? Status);
