using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Micro.Edge;

/// <summary>
/// Lets <c>/api/**</c> through only with a configured bearer token, unless the API is open (<see cref="ApiAccess"/>): a pipeline
/// token for everything but <see cref="AdminActions"/>, an admin token for everything. Webhooks carry their own signatures and
/// health checks must answer load balancers, so neither is asked for one.
/// </summary>
sealed class ApiTokenMiddleware(RequestDelegate next, IOptions<EdgeOptions> options, ApiAccess access)
{
    readonly byte[][] pipelineHashes = options.Value.ApiTokens.Select(Hash).ToArray();
    readonly byte[][] adminHashes = options.Value.AdminTokens.Select(Hash).ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        if (access.IsOpen || !EdgePaths.IsApi(context.Request))
            return next(context);

        var token = Presented(context.Request) is { } presented ? Hash(presented) : null;
        var isAdmin = token is not null && Known(token, adminHashes);
        if (isAdmin)
            return next(context);

        if (token is null || !Known(token, pipelineHashes))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return EdgeProblem.Write(context, StatusCodes.Status401Unauthorized, "API token required",
                "Send a configured API token as 'Authorization: Bearer <token>'.");
        }

        return AdminActions.Includes(context.Request)
            ? EdgeProblem.Write(context, StatusCodes.Status403Forbidden, "Admin token required",
                $"{context.Request.Method} {context.Request.Path} is an admin action: it needs an admin token (Gateway:AdminTokens), not a pipeline token.")
            : next(context);
    }

    static string? Presented(HttpRequest request) =>
        request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;

    // Hashes have one length whatever the token's, so comparing them in fixed time leaks neither content nor length; every
    // configured token is compared, so the time taken does not tell which one matched.
    static bool Known(byte[] presented, byte[][] known)
    {
        var accepted = false;
        foreach (var hash in known)
            accepted |= CryptographicOperations.FixedTimeEquals(presented, hash);
        return accepted;
    }

    static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
