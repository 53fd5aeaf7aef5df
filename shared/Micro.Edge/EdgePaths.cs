using Micro.ServiceDefaults;
using Microsoft.AspNetCore.Http;

namespace Micro.Edge;

/// <summary>Which policies a path falls under. By path, not endpoint metadata, so proxied and in-process routes are treated alike.</summary>
static class EdgePaths
{
    public static bool IsApi(HttpRequest request) => ApiPaths.Cover(request.Path);

    public static bool IsWebhook(HttpRequest request) => request.Path.StartsWithSegments("/webhooks");
}
