using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micro.RunnerBroker.Api;

/// <summary>
/// Reads a small JSON request body itself rather than through parameter binding, so that a broken body is a 400 problem naming the field
/// (or <c>body</c>), and an oversized one a 413, never a 500.
/// </summary>
static class JsonBody
{
    public const int MaxBytes = 256 * 1024;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Body, ProblemHttpResult? Refusal)> Read<T>(HttpRequest http, string example, CancellationToken cancellationToken)
        where T : class
    {
        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBytes;
        try
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, cancellationToken);
            var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            if (!Utf8.IsValid(json.Span))
                return (null, Refusal("body", "the body must be UTF-8 text"));
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.Deserialize<T>(Json), null)
                : (null, Refusal("body", $"the body must be a JSON object like {example}"));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Refusal("body", $"the body must be at most {MaxBytes} bytes", StatusCodes.Status413PayloadTooLarge));
        }
        catch (JsonException exception)
        {
            // A wrong value names its field ($.repositories[2] → repositories); broken syntax is the body's fault.
            var field = exception.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
                ? path[2..].Split('[', '.')[0]
                : "body";
            return (null, Refusal(field, field == "body" ? $"the body must be a JSON object like {example}" : $"{field} has the wrong type; expected like {example}"));
        }
    }

    public static ProblemHttpResult Refusal(string field, string message, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] }) { Status = status });
}
