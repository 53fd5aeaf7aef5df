using System.Net;

namespace Micro.CircleCi;

/// <summary>CircleCI answered with an error status, or with a body that is not what its API description promises.</summary>
public sealed class CircleCiApiException(HttpStatusCode statusCode, string circleCiMessage, string operation)
    : Exception($"CircleCI answered {(int)statusCode} to {operation}: {circleCiMessage}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>CircleCI's <c>message</c> field, the reason phrase when there is none, or what was wrong with the body.</summary>
    public string CircleCiMessage { get; } = circleCiMessage;

    /// <summary>Rate limited or a server error: worth trying again later.</summary>
    public bool IsTransient => StatusCode == HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;
}
