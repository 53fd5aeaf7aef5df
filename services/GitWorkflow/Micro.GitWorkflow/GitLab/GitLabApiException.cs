using System.Net;

namespace Micro.GitWorkflow.GitLab;

/// <summary>GitLab answered with an error; server errors and rate limits may pass.</summary>
public sealed class GitLabApiException(HttpStatusCode statusCode, string message)
    : Exception($"GitLab answered {(int)statusCode} {statusCode}: {message}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public bool IsTransient => StatusCode == HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;
}
