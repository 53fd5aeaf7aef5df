using System.Text.Json;

namespace Micro.Ingestion.Normalization;

/// <summary>A payload that lacks what its event must carry; the delivery is kept, but nothing is published.</summary>
public sealed class MalformedPayloadException(string message) : Exception(message);

/// <summary>Tolerant reads of webhook JSON: absent and null read alike, and a required value names its path when missing.</summary>
static class PayloadReader
{
    public static JsonElement? Object(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static JsonElement RequiredObject(this JsonElement element, string name) =>
        element.Object(name) ?? throw new MalformedPayloadException($"{name} is missing");

    public static string? String(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static string RequiredString(this JsonElement element, string name, string path) =>
        element.String(name) ?? throw new MalformedPayloadException($"{path} is missing");

    public static long? Int64(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var number)
            ? number
            : null;

    public static long RequiredInt64(this JsonElement element, string name, string path) =>
        element.Int64(name) ?? throw new MalformedPayloadException($"{path} is missing or not a number");

    /// <summary>An ISO 8601 timestamp, as GitHub writes them (<c>2019-05-15T15:20:33Z</c>); null when absent or unreadable.</summary>
    public static DateTimeOffset? Time(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.TryGetDateTimeOffset(out var time)
            ? time
            : null;

    public static bool Boolean(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static IReadOnlyList<string> Strings(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList()
            : [];

    /// <summary>Reads a snake_case action (<c>in_progress</c>) as its enum member (<c>InProgress</c>).</summary>
    public static TAction? Action<TAction>(string? action)
        where TAction : struct, Enum =>
        action is not null && Enum.TryParse<TAction>(action.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed)
            && Enum.IsDefined(parsed)
            ? parsed
            : null;
}
