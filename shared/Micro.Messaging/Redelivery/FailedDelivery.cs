using System.Globalization;
using System.Text.Json;
using MassTransit;

namespace Micro.Messaging.Redelivery;

/// <summary>A message its consumer could not handle, even after the in-place retries, with what is needed to send it to that consumer again.</summary>
/// <param name="Attempt">How many times it has failed after its retries, this time included.</param>
public sealed record FailedDelivery(
    Guid MessageId,
    Uri Destination,
    string MessageType,
    string Body,
    IReadOnlyDictionary<string, string> Headers,
    string Error,
    int Attempt,
    DateTime FirstFailedAt)
{
    /// <summary>How many times a message has come back from the failed-message store; set on the messages it sends.</summary>
    public const string AttemptHeader = "Micro-Redelivery-Attempt";

    /// <summary>When the message first failed (ISO 8601); its redelivery window counts from then.</summary>
    public const string FirstFailedHeader = "Micro-First-Failed-At";

    /// <summary>
    /// Reads the failed message from MassTransit's JSON envelope (<c>messageId</c>, <c>messageType</c> URNs, <c>message</c>,
    /// <c>headers</c>); null when it is not one this process can send again (another serializer, a type it does not consume).
    /// </summary>
    internal static FailedDelivery? Of(ExceptionReceiveContext context, BusMessageTypes types, TimeProvider clock)
    {
        try
        {
            using var envelope = JsonDocument.Parse(context.Body.GetBytes());
            var root = envelope.RootElement;
            if (!root.TryGetProperty("message", out var message) || !root.TryGetProperty("messageType", out var urns)
                || urns.ValueKind != JsonValueKind.Array)
                return null;

            var type = urns.EnumerateArray().Select(urn => urn.GetString()).OfType<string>().Select(types.Find).FirstOrDefault(found => found is not null);
            if (type is null)
                return null;

            var headers = root.TryGetProperty("headers", out var found) && found.ValueKind == JsonValueKind.Object
                ? found.EnumerateObject().ToDictionary(header => header.Name,
                    header => header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText())
                : [];
            var now = clock.GetUtcNow().UtcDateTime;
            var attempt = headers.TryGetValue(AttemptHeader, out var count) && int.TryParse(count, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            var firstFailed = headers.TryGetValue(FirstFailedHeader, out var stamp)
                && DateTime.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var since)
                ? since
                : now;
            var messageId = root.TryGetProperty("messageId", out var id) && id.TryGetGuid(out var guid) ? guid : context.GetMessageId() ?? NewId.NextGuid();
            return new FailedDelivery(messageId, context.InputAddress, $"{type.FullName}, {type.Assembly.GetName().Name}", message.GetRawText(), headers,
                $"{context.Exception.GetType().Name}: {context.Exception.Message}", attempt + 1, firstFailed);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
