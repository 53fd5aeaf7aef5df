using System.Net;

namespace Micro.GitHub;

/// <summary>GitHub answered with an error. Says whether asking again later can help, and when.</summary>
public sealed class GitHubApiException(HttpStatusCode statusCode, string gitHubMessage, TimeSpan? retryAfter, bool rateLimited)
    : Exception($"GitHub answered {(int)statusCode} {statusCode}: {gitHubMessage}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>GitHub's own <c>message</c>, such as "Not Found" or "API rate limit exceeded for installation".</summary>
    public string GitHubMessage { get; } = gitHubMessage;

    /// <summary>How long GitHub asks to wait (<c>Retry-After</c>, or until <c>x-ratelimit-reset</c> when the quota is spent).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsRateLimited { get; } = rateLimited;

    /// <summary>Rate limits and server errors pass; any other 4xx will be answered the same way again.</summary>
    public bool IsTransient => IsRateLimited || (int)StatusCode >= 500;
}

/// <summary>No token and no GitHub App is configured (or not the kind the call needs), so it cannot be asked of GitHub.</summary>
public sealed class GitHubNotConfiguredException(string reason) : Exception($"GitHub is not configured: {reason}")
{
    public GitHubNotConfiguredException()
        : this("set GitHub:Token (or GITHUB_TOKEN), or GitHub:AppId with GitHub:AppPrivateKey")
    {
    }
}
