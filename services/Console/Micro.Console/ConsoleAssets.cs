using System.Reflection;

namespace Micro.Console;

/// <summary>
/// The stylesheet and the small script, embedded in the assembly and served at <c>/console/*</c>: no static-web-assets manifest to
/// get right in each host, and nothing for the user to build.
/// </summary>
static class ConsoleAssets
{
    static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/console/console.css", "Micro.Console.Assets.console.css", "text/css; charset=utf-8"),
        ("/console/console.js", "Micro.Console.Assets.console.js", "text/javascript; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapConsoleAssets(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var content = Read(resource);
            endpoints.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "no-cache";
                return TypedResults.Bytes(content, contentType);
            });
        }

        return endpoints;
    }

    static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The console's asset {resource} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
