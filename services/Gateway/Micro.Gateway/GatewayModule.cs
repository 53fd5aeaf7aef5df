using Micro.Hosting;
using Micro.ServiceDefaults;

namespace Micro.Gateway;

/// <summary>
/// The gateway: YARP routes and clusters from the <c>ReverseProxy</c> section, the internal secret on every forwarded request, and
/// readiness by destination.
/// </summary>
public sealed class GatewayModule : IMicroModule
{
    public string Name => "gateway";

    public void Register(ModuleBuilder module)
    {
        module.Services.AddInternalCallerOptions();
        module.Services.AddReverseProxy()
            .LoadFromConfig(module.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(InternalCallerTransform.Apply);
        module.Services.AddHealthChecks().AddCheck<DestinationHealthCheck>("destinations", tags: [HealthTags.Ready]);
    }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapReverseProxy(proxy => proxy.Use(ProxyErrors.AsProblemDetails));
}
