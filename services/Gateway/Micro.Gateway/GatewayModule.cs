using Micro.ServiceDefaults;

namespace Micro.Gateway;

/// <summary>The gateway's wiring: YARP routes and clusters from the <c>ReverseProxy</c> section, the internal secret on every
/// forwarded request, and health by destination.</summary>
public static class GatewayModule
{
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddInternalCallerOptions();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(InternalCallerTransform.Apply);
        builder.Services.AddHealthChecks().AddCheck<DestinationHealthCheck>("destinations", tags: [HealthTags.Ready]);
        return builder;
    }

    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReverseProxy(proxy => proxy.Use(ProxyErrors.AsProblemDetails));
        return endpoints;
    }
}
