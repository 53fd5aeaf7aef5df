using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Micro.GitHub;

/// <summary>Turns GitHub's error answers into <see cref="GitHubApiException"/>, reading its rate-limit headers.</summary>
static class GitHubAnswers
{
    /// <summary>GitHub's advice when a secondary rate limit says nothing of when to come back.</summary>
    static readonly TimeSpan SecondaryLimitPause = TimeSpan.FromMinutes(1);

    public static async Task EnsureSuccess(HttpResponseMessage response, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;

        var message = await ReadMessage(response, cancellationToken);
        var status = response.StatusCode;
        var retryAfter = RetryAfter(response.Headers, clock);
        var quotaSpent = Header(response.Headers, "x-ratelimit-remaining") == "0";
        var rateLimited = status == HttpStatusCode.TooManyRequests
            || (status == HttpStatusCode.Forbidden && (quotaSpent || retryAfter is not null || message.Contains("rate limit", StringComparison.OrdinalIgnoreCase)));
        if (rateLimited)
            retryAfter ??= SecondaryLimitPause;
        throw new GitHubApiException(status, message, retryAfter, rateLimited);
    }

    static async Task<string> ReadMessage(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
                return message.GetString()!;
        }
        catch (JsonException)
        {
            // Proxies in front of GitHub Enterprise answer HTML; the reason phrase says enough.
        }

        return response.ReasonPhrase ?? response.StatusCode.ToString();
    }

    static TimeSpan? RetryAfter(HttpResponseHeaders headers, TimeProvider clock)
    {
        if (headers.RetryAfter?.Delta is { } delta)
            return delta;
        if (headers.RetryAfter?.Date is { } date)
            return Positive(date - clock.GetUtcNow());
        if (Header(headers, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(headers, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
            return Positive(DateTimeOffset.FromUnixTimeSeconds(reset) - clock.GetUtcNow());
        return null;
    }

    static TimeSpan Positive(TimeSpan wait) => wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1);

    static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
