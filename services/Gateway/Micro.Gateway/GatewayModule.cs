using Micro.Hosting;
using Micro.ServiceDefaults;

namespace Micro.Gateway;

/// <summary>The gateway: YARP routes and clusters from the <c>ReverseProxy</c> section, and readiness by destination.</summary>
public sealed class GatewayModule : IMicroModule
{
    public string Name => "gateway";

    public void Register(ModuleBuilder module)
    {
        module.Services.AddReverseProxy().LoadFromConfig(module.Configuration.GetSection("ReverseProxy"));
        module.Services.AddHealthChecks().AddCheck<DestinationHealthCheck>("destinations", tags: [HealthTags.Ready]);
    }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapReverseProxy(proxy => proxy.Use(ProxyErrors.AsProblemDetails));
}
