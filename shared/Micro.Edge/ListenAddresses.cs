using System.Net;
using Microsoft.Extensions.Configuration;

namespace Micro.Edge;

/// <summary>
/// Where the host will listen, read from configuration as Kestrel reads it (endpoints, then <c>urls</c>, then the port settings),
/// before it listens: a host must refuse to start, not stop after it has been reachable.
/// </summary>
public static class ListenAddresses
{
    const string KestrelDefault = "http://localhost:5000";

    public static IReadOnlyList<string> Of(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(endpoint => endpoint["Url"] ?? "").ToList();
        if (endpoints.Count > 0)
            return endpoints;
        if (configuration["urls"] is { Length: > 0 } urls)
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ports = $"{configuration["http_ports"]};{configuration["https_ports"]}".Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ports.Length > 0 ? ports.Select(port => $"http://*:{port}").ToList() : [KestrelDefault];
    }

    public static bool AreLoopbackOnly(IReadOnlyList<string> addresses) => addresses.All(IsLoopback);

    // "localhost" is bound to loopback by Kestrel; "*", "+" (not URIs at all), 0.0.0.0, [::] and host names mean other interfaces too.
    static bool IsLoopback(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
