using System.Text.RegularExpressions;
using Micro.Hosting;
using Yarp.ReverseProxy;

namespace Micro.Gateway;

/// <summary>
/// The services' API documents the gateway routes: every route whose path is one document (<c>/openapi/{service}.json</c>), read from
/// the live proxy configuration, so a service added to <c>ReverseProxy</c> with its document route shows on the reference page.
/// </summary>
sealed partial class ProxiedApiDocuments(IProxyStateLookup proxy) : IApiDocumentSource
{
    public IReadOnlyList<string> DocumentNames => proxy.GetRoutes()
        .Select(route => DocumentPath().Match(route.Config.Match.Path ?? ""))
        .Where(match => match.Success)
        .Select(match => match.Groups["name"].Value)
        .ToList();

    [GeneratedRegex(@"^/openapi/(?<name>[A-Za-z0-9_-]+)\.json$")]
    private static partial Regex DocumentPath();
}
