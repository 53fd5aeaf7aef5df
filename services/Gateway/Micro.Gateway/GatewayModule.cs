using Micro.ServiceDefaults;

namespace Micro.Gateway;

/// <summary>The gateway's wiring: YARP routes and clusters from the <c>ReverseProxy</c> section, and health by destination.</summary>
public static class GatewayModule
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddHealthChecks().AddCheck<DestinationHealthCheck>("destinations", tags: [HealthTags.Ready]);
        return builder;
    }

    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReverseProxy(proxy => proxy.Use(ProxyErrors.AsProblemDetails));
        return endpoints;
    }
}
