using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Micro.PubSub.Push;

/// <summary>
/// The body of a push (the wrapped format): <c>{"message": {"data": base64, "messageId", "attributes", "publishTime"}, "subscription"}</c>.
/// A pulled message is written in the same shape, so that pushed and pulled messages are kept and read alike.
/// </summary>
public sealed record PushEnvelope(
    [property: JsonPropertyName("message")] PubSubMessage Message,
    [property: JsonPropertyName("subscription")] string? Subscription)
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The message id, which every well-formed envelope has.</summary>
    public string MessageId => Message.MessageId!;

    /// <summary>The message's data as text; a well-formed envelope's data is UTF-8.</summary>
    public string Text => Message.Data is { } data ? StrictUtf8.GetString(data) : string.Empty;

    public IReadOnlyDictionary<string, string> Attributes => Message.Attributes ?? new Dictionary<string, string>();

    public string ToJson() => JsonSerializer.Serialize(this, PubSubJson.Options);

    /// <summary>Reads an envelope; on failure, <paramref name="problem"/> says what is wrong with it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out PushEnvelope? envelope, out string? problem)
    {
        envelope = null;
        try
        {
            envelope = JsonSerializer.Deserialize<PushEnvelope>(body, PubSubJson.Options);
        }
        catch (JsonException exception)
        {
            problem = $"the body is not a Pub/Sub push envelope: {exception.Message}";
            return false;
        }
        catch (FormatException exception)
        {
            problem = $"message.data is not base64: {exception.Message}";
            return false;
        }

        problem = envelope is null ? "the body is JSON null" : ProblemOf(envelope);
        if (problem is null)
            return true;
        envelope = null;
        return false;
    }

    /// <summary>What makes an envelope unusable (as read, or built from a pulled message), or null when it is well formed.</summary>
    public static string? ProblemOf(PushEnvelope envelope) => envelope switch
    {
        { Message: null } => "the body has no 'message' object",
        { Message.MessageId: null or "" } => "message.messageId is missing",
        { Message.MessageId.Length: > 90 } => "message.messageId is longer than 90 characters",
        _ when !IsText(envelope.Message.Data) => "message.data is not UTF-8 text",
        _ => null,
    };

    static bool IsText(byte[]? data)
    {
        try
        {
            _ = StrictUtf8.GetString(data ?? []);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
