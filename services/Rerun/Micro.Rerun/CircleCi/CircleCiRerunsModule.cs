using Micro.CircleCi;
using Micro.Hosting;
using Micro.ServiceDefaults;

namespace Micro.Rerun.CircleCi;

/// <summary>The CircleCI half of the rerun service: branch re-runs from the API and from pull-request rules, serialized per workflow.</summary>
static class CircleCiRerunsModule
{
    public static ModuleBuilder AddCircleCiReruns(this ModuleBuilder module)
    {
        module.Host.AddCircleCiBranchRerun();
        module.Services.AddValidatedOptions<CircleCiRerunOptions>(CircleCiRerunOptions.Section);
        module.Services.AddScoped<CircleCiRerunIntake>();
        module.Services.AddScoped<CircleCiRerunClaims>();
        module.Services.AddHostedService<CircleCiRerunSweeper>();
        module.Services.AddHostedService<CircleCiRerunReport>();
        module.AddSaga<CircleCiWorkflowRerunStateMachine, CircleCiWorkflowRerunState>(typeof(CircleCiWorkflowRerunStateDefinition));
        module.AddConsumer<CircleCiRerunExecutor>();
        module.AddConsumer<CircleCiRerunCoalescer>();
        module.AddConsumer<CircleCiRerunTrigger>();
        return module;
    }
}
