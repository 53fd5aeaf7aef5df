using System.Net;
using System.Text.Json;

namespace Micro.CircleCi;

/// <summary>
/// A successful CircleCI answer, read strictly: a body that is not JSON or lacks a field the API description requires is an error
/// that says what was missing, never a silent "nothing found".
/// </summary>
sealed class CircleCiAnswer
{
    readonly HttpStatusCode status;
    readonly string operation;

    CircleCiAnswer(HttpStatusCode status, string operation, JsonElement root)
    {
        this.status = status;
        this.operation = operation;
        Root = root;
    }

    public JsonElement Root { get; }

    public static CircleCiAnswer Parse(HttpStatusCode status, string text, string operation)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return new CircleCiAnswer(status, operation, document.RootElement.Clone());
        }
        catch (JsonException)
        {
            throw new CircleCiApiException(status, $"the answer is not JSON: {Excerpt(text)}", operation);
        }
    }

    /// <summary>CircleCI's error shape is <c>{"message": ...}</c>; anything else falls back to the reason phrase and an excerpt.</summary>
    public static string ErrorMessage(string text, string? reasonPhrase)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
                return message.GetString()!;
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the reason phrase and the start of the body say more than nothing.
        }

        return string.IsNullOrWhiteSpace(text) ? reasonPhrase ?? "no message" : $"{reasonPhrase}: {Excerpt(text)}";
    }

    public static CircleCiPipeline Pipeline(CircleCiAnswer answer, JsonElement item) => new(
        answer.RequiredString(item, "id", "a pipeline"),
        answer.Required(item, "number", JsonValueKind.Number, "a pipeline").GetInt64(),
        answer.RequiredTime(item, "created_at", "a pipeline"),
        answer.RequiredString(item, "state", "a pipeline"),
        item.TryGetProperty("vcs", out var vcs) && vcs.ValueKind == JsonValueKind.Object ? answer.OptionalString(vcs, "branch") : null);

    public static CircleCiWorkflow Workflow(CircleCiAnswer answer, JsonElement item) => new(
        answer.RequiredString(item, "id", "a workflow"),
        answer.RequiredString(item, "name", "a workflow"),
        answer.RequiredString(item, "status", "a workflow"),
        answer.RequiredTime(item, "created_at", "a workflow"),
        answer.RequiredString(item, "pipeline_id", "a workflow"));

    public string RequiredString(JsonElement element, string name, string what) =>
        Required(element, name, JsonValueKind.String, what).GetString()!;

    public IEnumerable<JsonElement> RequiredArray(JsonElement element, string name, string what) =>
        Required(element, name, JsonValueKind.Array, what).EnumerateArray();

    public string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    public CircleCiApiException Malformed(string problem) => new(status, $"malformed answer: {problem}", operation);

    DateTimeOffset RequiredTime(JsonElement element, string name, string what) =>
        Required(element, name, JsonValueKind.String, what).TryGetDateTimeOffset(out var time)
            ? time
            : throw Malformed($"{what}'s '{name}' is not a date-time");

    JsonElement Required(JsonElement element, string name, JsonValueKind kind, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Malformed($"{what} is not a JSON object");
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != kind)
            throw Malformed($"{what} has no {kind.ToString().ToLowerInvariant()} '{name}'");
        return value;
    }

    static string Excerpt(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
