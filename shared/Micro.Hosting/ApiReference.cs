using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace Micro.Hosting;

/// <summary>
/// The API reference page at <c>/reference</c> on the door (the gateway, the standalone host): Scalar, showing every document the host's
/// <see cref="IApiDocumentSource"/>s name. Scalar's script is served from its package and the page asks for no web font and sends no
/// telemetry and no AI chat, so the page works where the host cannot reach the internet.
/// </summary>
public static class ApiReference
{
    public const string Path = "/reference";

    internal static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapScalarApiReference(Path, (options, context) =>
        {
            var documents = context.RequestServices.GetServices<IApiDocumentSource>()
                .SelectMany(source => source.DocumentNames)
                .Distinct()
                .Order(StringComparer.Ordinal);
            options.WithTitle("Micro API reference")
                .WithOpenApiRoutePattern(ModuleDocuments.RoutePattern)
                .AddDocuments(documents)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .AddPreferredSecuritySchemes(ModuleDocumentInfo.TokenScheme);
            // Scalar's AI chat and its toolbar (deploy, SDK generation) are Scalar's hosted services: nothing of Micro's goes there.
            options.Agent = new ScalarAgentOptions { Disabled = true };
            options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            options.Mcp = new ScalarMcpOptions { Disabled = true };
        });
}
