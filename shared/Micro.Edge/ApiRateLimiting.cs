using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Micro.Edge;

/// <summary>ASP.NET Core rate limiting on <c>/api/**</c>: a fixed window per client, the client being its token or else its address.</summary>
static class ApiRateLimiting
{
    public static void Configure(RateLimiterOptions limiter, RateLimitOptions limits)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            EdgePaths.IsApi(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PermitLimit,
                    Window = limits.Window,
                    QueueLimit = limits.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : RateLimitPartition.GetNoLimiter("not-limited"));

        limiter.OnRejected = async (rejection, _) =>
        {
            var retryAfter = rejection.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
            rejection.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await EdgeProblem.Write(rejection.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"At most {limits.PermitLimit} API requests per {limits.Window} per client; retry after {Math.Ceiling(retryAfter.TotalSeconds)} s.");
        };
    }

    // Keyed on a hash, so the token itself is not kept as a dictionary key in memory dumps.
    static string ClientOf(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization
            ? "token:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)))[..16]
            : "address:" + context.Connection.RemoteIpAddress;
}
