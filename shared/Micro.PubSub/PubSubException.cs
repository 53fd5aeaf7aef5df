using System.Net;

namespace Micro.PubSub;

/// <summary>
/// A Pub/Sub call failed. <see cref="Retryable"/> says whether the same call may succeed later (the service was unavailable, overloaded
/// or did not answer) or will fail the same way until something is changed (a missing topic, a refused credential, a bad request).
/// </summary>
public sealed class PubSubException(string message, bool retryable, HttpStatusCode? statusCode = null, string? status = null, Exception? inner = null)
    : Exception($"{message} ({(retryable ? "transient: retry later" : "permanent: do not retry until it is fixed")})", inner)
{
    public bool Retryable { get; } = retryable;

    /// <summary>The HTTP status Pub/Sub answered with; null when it did not answer.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>Google's canonical error code, such as <c>NOT_FOUND</c> or <c>UNAVAILABLE</c>.</summary>
    public string? Status { get; } = status;
}
