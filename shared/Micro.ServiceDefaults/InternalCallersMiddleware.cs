using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Micro.ServiceDefaults;

/// <summary>
/// Refuses calls to the API (<see cref="ApiPaths"/>) that did not come through the gateway: those without the internal secret it adds. Health checks
/// (for load balancers and the gateway's probes) and webhooks (signed by GitHub) stay open.
/// </summary>
sealed class InternalCallersMiddleware(RequestDelegate next, IOptions<InternalCallerOptions> options)
{
    readonly byte[]? expected = options.Value.IsConfigured ? Hash(options.Value.Token!) : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (expected is null || !ApiPaths.Cover(context.Request.Path) || Presented(context.Request) is { } presented
            && CryptographicOperations.FixedTimeEquals(Hash(presented), expected))
        {
            return next(context);
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Internal caller required",
            detail: "This service answers /api/** only through the gateway.").ExecuteAsync(context);
    }

    static string? Presented(HttpRequest request) =>
        request.Headers[InternalCallerOptions.Header].ToString() is { Length: > 0 } value ? value : null;

    // Fixed-length hashes, so the comparison's time tells neither content nor length.
    static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
