using Micro.GitWorkflow.Publishing;
using Micro.Hosting;

namespace Micro.GitWorkflow;

/// <summary>The git-workflow service: hello_world, push_feature and resolve_issue, run on request with every step recorded.</summary>
public sealed class GitWorkflowModule : IMicroModule
{
    public string Name => "workflows";

    public void Register(ModuleBuilder module)
    {
        module.AddPublishing();
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPublishing();
    }
}
