using Microsoft.AspNetCore.Http;

namespace Micro.ServiceDefaults;

/// <summary>
/// The paths that need an API token at the door and the gateway's internal secret behind it: <c>/api/**</c>, and the runner broker's
/// paths kept from the original app that change who gets runners (<c>/repositories/**</c>) or call GitHub for each request
/// (<c>/gha/installations</c>). One definition, so the gateway and the services cannot disagree about which paths are guarded.
/// </summary>
public static class ApiPaths
{
    public static bool Cover(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/repositories") || path.StartsWithSegments("/gha/installations");
}
