using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Micro.Edge;

/// <summary>
/// Gives every request an <c>X-Request-Id</c>: the caller's when it is sane, a new one otherwise. It is set on the request, so the
/// proxy forwards it to the service, echoed on the response, and put in the logging scope.
/// </summary>
sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var requestId = IsSane(incoming) ? incoming : NewId();
        context.Request.Headers[Header] = requestId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = requestId;
            return Task.CompletedTask;
        });

        using (logger.BeginScope(new Dictionary<string, object> { ["ClientRequestId"] = requestId }))
            await next(context);
    }

    // Bounded and plain, so a caller cannot inject log lines or oversized headers through it.
    static bool IsSane(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    static string NewId() => Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N");
}
