using Microsoft.AspNetCore.Routing;

namespace Micro.Hosting;

/// <summary>A module written inline, for what a host adds beside the services (a test's recorder on the bus, a report).</summary>
sealed class DelegateModule(string name, Action<ModuleBuilder> register, Action<IEndpointRouteBuilder>? map) : IMicroModule
{
    public string Name => name;

    public void Register(ModuleBuilder module) => register(module);

    public void Map(IEndpointRouteBuilder endpoints) => map?.Invoke(endpoints);
}
