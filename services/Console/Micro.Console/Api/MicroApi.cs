using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micro.Console.Session;

namespace Micro.Console.Api;

/// <summary>
/// Micro's HTTP API as the console calls it: the same endpoints and tokens as any pipeline, with the session's token as bearer. Every
/// failure becomes a sentence for the page (the problem's title, detail and field errors); nothing here throws for a 4xx or 5xx.
/// </summary>
public sealed partial class MicroApi(HttpClient http, ConsoleSession session, ILogger<MicroApi> logger)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> Get<T>(string path, CancellationToken cancellationToken) =>
        Send<T>(HttpMethod.Get, path, null, session.Token, cancellationToken);

    /// <summary>A call with a token other than the session's (the sign-in page checking one; null for none).</summary>
    public Task<ApiResult<T>> GetWith<T>(string path, string? token, CancellationToken cancellationToken) =>
        Send<T>(HttpMethod.Get, path, null, token, cancellationToken);

    public Task<ApiResult<JsonElement>> Post(string path, object? body, CancellationToken cancellationToken) =>
        Send<JsonElement>(HttpMethod.Post, path, body, session.Token, cancellationToken);

    public Task<ApiResult<JsonElement>> Put(string path, object? body, CancellationToken cancellationToken) =>
        Send<JsonElement>(HttpMethod.Put, path, body, session.Token, cancellationToken);

    public Task<ApiResult<JsonElement>> Delete(string path, CancellationToken cancellationToken) =>
        Send<JsonElement>(HttpMethod.Delete, path, null, session.Token, cancellationToken);

    async Task<ApiResult<T>> Send<T>(HttpMethod method, string path, object? body, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is { Length: > 0 })
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: Json);
        else if (method != HttpMethod.Get && method != HttpMethod.Delete)
            request.Content = new StringContent("", Encoding.UTF8, "application/json");

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var value = response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
                    ? default
                    : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                return new ApiResult<T>(response.StatusCode, value, null);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return new ApiResult<T>(response.StatusCode, BodyOf<T>(response, text), ProblemText.Of(response.StatusCode, text));
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, method.Method, path, failure.GetType().Name);
            return new ApiResult<T>(HttpStatusCode.ServiceUnavailable, default,
                $"Micro's API did not answer {method} {path} ({failure.GetType().Name}); is the service up?");
        }
    }

    /// <summary>
    /// Some refusals carry the usual body rather than a problem: a lock's 409 is its decision, an unhealthy <c>/health</c> its report.
    /// </summary>
    static T? BodyOf<T>(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json" || text.Length == 0)
            return default;
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The console's API call {Method} {Path} failed: {Failure}")]
    static partial void LogUnreachable(ILogger logger, string method, string path, string failure);
}
