using Micro.Hosting;

namespace Micro.RunnerBroker;

/// <summary>The runner-broker service: an ephemeral self-hosted runner launched for each queued job that asks for one.</summary>
public sealed class RunnerBrokerModule : IMicroModule
{
    public string Name => "runners";

    public void Register(ModuleBuilder module)
    {
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
    }
}
