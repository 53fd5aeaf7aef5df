using Microsoft.AspNetCore.Http;

namespace Micro.Edge;

/// <summary>Which policies a path falls under. By path, not endpoint metadata, so proxied and in-process routes are treated alike.</summary>
static class EdgePaths
{
    /// <summary>The API, and the runner broker's repository mapping at the original app's path, which changes who gets runners.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/repositories");

    public static bool IsWebhook(HttpRequest request) => request.Path.StartsWithSegments("/webhooks");
}
