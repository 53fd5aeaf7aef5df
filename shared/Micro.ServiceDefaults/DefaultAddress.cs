using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Micro.ServiceDefaults;

public static class DefaultAddress
{
    /// <summary>
    /// Listens on <paramref name="url"/> unless the operator chose an address the standard way (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
    /// <c>ASPNETCORE_HTTP_PORTS</c>, a Kestrel endpoint). A "Urls" key in appsettings.json would instead override those.
    /// </summary>
    public static WebApplicationBuilder ListenByDefaultOn(this WebApplicationBuilder builder, string url)
    {
        var chosen = new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrWhiteSpace(builder.Configuration[key]))
            || builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!chosen)
            builder.WebHost.UseUrls(url);
        return builder;
    }
}
