using System.Net;
using System.Text;
using System.Text.Json;

namespace Micro.Console.Api;

/// <summary>An API refusal in words: the problem's title and detail and each field's errors, or the status when there is no problem body.</summary>
static class ProblemText
{
    public static string Of(HttpStatusCode status, string body)
    {
        var text = new StringBuilder();
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                Append(text, root, "title");
                Append(text, root, "detail");
                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in errors.EnumerateObject())
                    {
                        var messages = field.Value.ValueKind == JsonValueKind.Array
                            ? string.Join("; ", field.Value.EnumerateArray().Select(message => message.ToString()))
                            : field.Value.ToString();
                        text.Append(text.Length > 0 ? " " : "").Append(field.Name).Append(": ").Append(messages).Append('.');
                    }
                }

                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                    text.Append(text.Length > 0 ? " " : "").Append(message.GetString());
            }
        }
        catch (JsonException)
        {
            // Not a problem document: the status says it.
        }

        return text.Length > 0 ? $"{(int)status}: {text}" : $"{(int)status} {status}";
    }

    static void Append(StringBuilder text, JsonElement root, string name)
    {
        if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } words)
            text.Append(text.Length > 0 ? ": " : "").Append(words.TrimEnd('.')).Append(name == "detail" ? "." : "");
    }
}
