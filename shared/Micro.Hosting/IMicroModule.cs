using Microsoft.AspNetCore.Routing;

namespace Micro.Hosting;

/// <summary>
/// A Micro service as a module with two halves: what it registers, and the endpoints it maps. Its own host, the standalone host
/// and the test hosts all compose modules through <see cref="MicroHostBuilder"/>, so a service is wired the same way everywhere.
/// </summary>
public interface IMicroModule
{
    /// <summary>The service's name in paths and logs (<c>rerun</c>, <c>prlock</c>): its dead letters are at <c>/api/{Name}/dead-letters</c>.</summary>
    string Name { get; }

    void Register(ModuleBuilder module);

    void Map(IEndpointRouteBuilder endpoints);
}
