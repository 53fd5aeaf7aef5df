using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Micro.Hosting;

/// <summary>
/// A module's document: its title, the service's version and description (from its assembly), and the bearer token scheme of the door.
/// No server is named, so a reader resolves paths against wherever it fetched the document: the gateway or the standalone host.
/// </summary>
sealed class ModuleDocumentInfo(Assembly service, string name) : IOpenApiDocumentTransformer
{
    public const string TokenScheme = "apiToken";

    const string Access =
        "Through the gateway or the standalone host. Paths under /api (and the runner broker's /repositories and /gha/installations) need " +
        "`Authorization: Bearer <token>` with a pipeline token (Gateway:ApiTokens, MICRO_API_TOKEN), or an admin token (Gateway:AdminTokens, " +
        "MICRO_ADMIN_TOKEN) for admin actions; webhooks carry their own signatures. Errors are RFC 9457 problem details.";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var description = service.GetCustomAttribute<AssemblyDescriptionAttribute>()?.Description;
        document.Info = new OpenApiInfo
        {
            Title = $"Micro {name} API",
            Version = Version(),
            Description = description is null ? Access : $"{description}\n\n{Access}",
        };
        document.Servers = null;
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A pipeline token, or an admin token for admin actions.",
        };
        return Task.CompletedTask;
    }

    // The build's informational version without the commit suffix the SDK appends ("1.0.0+abc123").
    string Version() =>
        service.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? service.GetName().Version?.ToString()
        ?? "1.0.0";
}
