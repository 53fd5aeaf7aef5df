using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Micro.Console.Api;

/// <summary>
/// The API's base address: <c>Console:ApiUrl</c>, or else the host's own first address (plain HTTP preferred, a wildcard host read as
/// loopback), known only once the server listens.
/// </summary>
sealed class ApiAddress(IOptions<ConsoleOptions> options, IServer server)
{
    Uri? own;

    public Uri Value => options.Value.ApiUrl is { } configured ? WithSlash(configured) : own ??= Own();

    Uri Own()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.OrderBy(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)).FirstOrDefault()
            ?? throw new InvalidOperationException("The host listens nowhere yet; set Console:ApiUrl.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0")
            uri.Host = "127.0.0.1";
        else if (uri.Host is "[::]" or "::")
            uri.Host = "[::1]";
        uri.Path = "/";
        return uri.Uri;
    }

    static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
