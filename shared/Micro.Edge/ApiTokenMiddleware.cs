using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Micro.Edge;

/// <summary>
/// Lets <c>/api/**</c> through only with a configured bearer token, when any is configured. Webhooks carry their own signatures
/// and health checks must answer load balancers, so neither is asked for one.
/// </summary>
sealed class ApiTokenMiddleware(RequestDelegate next, IOptions<EdgeOptions> options)
{
    readonly byte[][] tokenHashes = options.Value.ApiTokens.Select(Hash).ToArray();

    public Task InvokeAsync(HttpContext context)
    {
        if (tokenHashes.Length == 0 || !EdgePaths.IsApi(context.Request) || Presented(context.Request) is { } token && Accepts(token))
            return next(context);

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return EdgeProblem.Write(context, StatusCodes.Status401Unauthorized, "API token required",
            "Send a configured API token as 'Authorization: Bearer <token>'.");
    }

    static string? Presented(HttpRequest request) =>
        request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;

    // Hashes have one length whatever the token's, so comparing them in fixed time leaks neither content nor length.
    bool Accepts(string token)
    {
        var presented = Hash(token);
        var accepted = false;
        foreach (var known in tokenHashes)
            accepted |= CryptographicOperations.FixedTimeEquals(presented, known);
        return accepted;
    }

    static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
