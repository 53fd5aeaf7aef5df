using Micro.Hosting;
using Micro.Persistence.Outbox;
using Micro.Rerun.Api;
using Micro.Rerun.CircleCi;
using Micro.Rerun.Data;
using Micro.Rerun.GitHubActions;

namespace Micro.Rerun;

/// <summary>The rerun service: failed GitHub Actions jobs re-run, CircleCI workflows re-run by branch.</summary>
public sealed class RerunModule : IMicroModule
{
    public string Name => "rerun";

    public void Register(ModuleBuilder module)
    {
        module.AddDatabase<RerunDbContext>("Rerun");
        module.Host.AddOutboxRelay<RerunDbContext>();
        module.AddGitHubActionsReruns();
        module.AddCircleCiReruns();
    }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapRerunApi();
}
