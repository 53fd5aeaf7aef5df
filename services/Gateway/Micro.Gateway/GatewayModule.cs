using Micro.Hosting;
using Micro.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace Micro.Gateway;

/// <summary>
/// The gateway: YARP routes and clusters from the <c>ReverseProxy</c> section, the internal secret on every forwarded request, and
/// readiness by destination. Destinations named by host name are resolved to one destination per address (<see cref="DnsDestinationsOptions"/>).
/// </summary>
public sealed class GatewayModule : IMicroModule
{
    public string Name => "gateway";

    public void Register(ModuleBuilder module)
    {
        module.Services.AddInternalCallerOptions();
        module.Services.AddReverseProxy()
            .LoadFromConfig(module.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(InternalCallerTransform.Apply)
            .AddDnsDestinationResolver();
        module.Services.AddValidatedOptions<DnsDestinationsOptions>(DnsDestinationsOptions.Section);
        module.Services.AddOptions<DnsDestinationResolverOptions>()
            .Configure<IOptions<DnsDestinationsOptions>>((resolver, dns) => resolver.RefreshPeriod = dns.Value.RefreshPeriod);
        module.Services.AddHealthChecks().AddCheck<DestinationHealthCheck>("destinations", tags: [HealthTags.Ready]);
        module.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IApiDocumentSource, ProxiedApiDocuments>());
    }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapReverseProxy(proxy => proxy.Use(ProxyErrors.AsProblemDetails));
}
