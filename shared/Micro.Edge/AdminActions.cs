using Microsoft.AspNetCore.Http;

namespace Micro.Edge;

/// <summary>
/// The API calls that need an admin token rather than a pipeline token: actions that override what the services decided, or make
/// them do again what they did. Every new admin action gets its line here; the gateway and the standalone host both check this list.
/// </summary>
public static class AdminActions
{
    public static readonly IReadOnlyList<AdminRoute> Routes =
    [
        AdminRoute.Post("/api/locks/{environment}/reset"),
        AdminRoute.Post("/api/ingestion/deliveries/{deliveryId}/replay"),
        AdminRoute.AnyChange("/api/{service}/dead-letters/{**rest}"),
        AdminRoute.AnyChange("/api/runners/repositories/{**rest}"),
        AdminRoute.AnyChange("/repositories/{username}"),
    ];

    public static bool Includes(HttpRequest request) => Routes.Any(route => route.Matches(request.Method, request.Path));
}

/// <summary>
/// One admin action: methods and a path pattern, in route-template spelling (<c>{name}</c> is one segment, <c>{**name}</c> any rest).
/// Matched as routing matches, ignoring case and empty segments, so a path spelt otherwise cannot reach the endpoint unchecked.
/// </summary>
public sealed class AdminRoute
{
    readonly Func<string, bool> method;
    readonly string[] segments;

    AdminRoute(string description, Func<string, bool> method, string pattern)
    {
        Description = $"{description} {pattern}";
        this.method = method;
        segments = Segments(pattern);
    }

    public string Description { get; }

    public static AdminRoute Post(string pattern) => new("POST", HttpMethods.IsPost, pattern);

    /// <summary>Every method but the reading ones (GET, HEAD, OPTIONS).</summary>
    public static AdminRoute AnyChange(string pattern) =>
        new("non-GET", candidate => !(HttpMethods.IsGet(candidate) || HttpMethods.IsHead(candidate) || HttpMethods.IsOptions(candidate)), pattern);

    public bool Matches(string requestMethod, PathString path) => method(requestMethod) && Matches(Segments(path.Value ?? ""));

    bool Matches(string[] path)
    {
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].StartsWith("{**", StringComparison.Ordinal))
                return true;
            if (i >= path.Length || !IsParameter(segments[i]) && !string.Equals(segments[i], path[i], StringComparison.OrdinalIgnoreCase))
                return false;
        }

        return path.Length == segments.Length;
    }

    static bool IsParameter(string segment) => segment.StartsWith('{');

    static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
