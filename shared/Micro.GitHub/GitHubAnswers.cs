using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.WebUtilities;
using Octokit;

namespace Micro.GitHub;

/// <summary>Turns the exceptions Octokit throws for GitHub's error answers into <see cref="GitHubApiException"/>, reading the rate-limit headers.</summary>
static class GitHubAnswers
{
    /// <summary>GitHub's advice when a secondary rate limit says nothing of when to come back.</summary>
    static readonly TimeSpan SecondaryLimitPause = TimeSpan.FromMinutes(1);

    public static GitHubApiException Translate(ApiException error, TimeProvider clock)
    {
        var status = error.StatusCode;
        // GitHub's own message. A proxy in front of GitHub Enterprise answers HTML, and Octokit's pagination replaces a 404 with one of
        // its own, without GitHub's answer: then the reason phrase says enough (it is GitHub's message for a 404).
        var message = error.HttpResponse is not null && error.ApiError?.Message is { Length: > 0 } gitHubMessage
            ? gitHubMessage
            : ReasonPhrases.GetReasonPhrase((int)status);
        var headers = error.HttpResponse?.Headers ?? new Dictionary<string, string>();
        var retryAfter = RetryAfter(headers, clock);
        var quotaSpent = Header(headers, "x-ratelimit-remaining") == "0";
        // Octokit tells a rate-limited 403 by its exact wording only; GitHub's headers say it too, and a 429 is one whatever it says.
        var rateLimited = error is RateLimitExceededException or SecondaryRateLimitExceededException
            || status == HttpStatusCode.TooManyRequests
            || (status == HttpStatusCode.Forbidden
                && (quotaSpent || retryAfter is not null || message.Contains("rate limit", StringComparison.OrdinalIgnoreCase)));
        if (rateLimited)
            retryAfter ??= SecondaryLimitPause;
        return new GitHubApiException(status, message, retryAfter, rateLimited);
    }

    static TimeSpan? RetryAfter(IReadOnlyDictionary<string, string> headers, TimeProvider clock)
    {
        if (RetryConditionHeaderValue.TryParse(Header(headers, "Retry-After"), out var retryAfter))
        {
            if (retryAfter.Delta is { } delta)
                return delta;
            if (retryAfter.Date is { } date)
                return Positive(date - clock.GetUtcNow());
        }

        if (Header(headers, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(headers, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var reset))
            return Positive(DateTimeOffset.FromUnixTimeSeconds(reset) - clock.GetUtcNow());
        return null;
    }

    static TimeSpan Positive(TimeSpan wait) => wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1);

    /// <summary>Octokit keeps headers as they arrived, in a case-sensitive dictionary; HTTP header names are not.</summary>
    static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.FirstOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
