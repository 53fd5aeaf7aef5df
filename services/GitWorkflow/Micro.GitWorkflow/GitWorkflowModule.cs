using Micro.GitHub;
using Micro.GitWorkflow.Api;
using Micro.GitWorkflow.Data;
using Micro.GitWorkflow.Forges;
using Micro.GitWorkflow.GitLab;
using Micro.GitWorkflow.Publishing;
using Micro.GitWorkflow.Runs;
using Micro.GitWorkflow.Workflows;
using MassTransit;
using Micro.Hosting;
using Micro.Messaging;
using Micro.Persistence.Outbox;
using Micro.Persistence.Retention;
using Micro.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow;

/// <summary>The git-workflow service: hello_world, push_feature and resolve_issue, run on request with every step recorded.</summary>
public sealed class GitWorkflowModule : IMicroModule
{
    public string Name => "workflows";

    public void Register(ModuleBuilder module)
    {
        module.Services.AddValidatedOptions<GitWorkflowOptions>(GitWorkflowOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        module.AddDatabase<GitWorkflowDbContext>("GitWorkflow");
        module.Host.AddOutboxRelay<GitWorkflowDbContext>();
        module.Host.AddGitHubClient();
        module.Services.AddGitLabClient();
        module.Services.AddScoped<ForgeDirectory>();
        module.Services.AddScoped<RequestReader>();
        module.Services.AddScoped<RunIntake>();
        module.Services.AddScoped<StepRecorder>();
        module.Services.AddSingleton<WorkflowSteps>();
        module.Services.AddSingleton<WorkflowPlans>();
        module.Services.TryAddSingleton(TimeProvider.System);
        module.Services.AddHostedService<LeftoverDirectories>();
        module.AddSaga<WorkflowRunStateMachine, WorkflowRunState>();
        module.AddConsumer<WorkflowRequestedConsumer>();
        module.Services.AddSingleton<RunClaims>();
        module.Services.AddHostedService<RunTakeovers>();
        module.Services.AddRetentionSweep<WorkflowRunRetention>();
        // At most MaxConcurrentRuns runs at a time in this process, and no go fetched ahead to wait behind them.
        module.Services.AddSingleton(provider => new EndpointConcurrency(
            KebabCaseEndpointNameFormatter.Instance.Consumer<WorkflowRunExecutor>(),
            provider.GetRequiredService<IOptions<GitWorkflowOptions>>().Value.MaxConcurrentRuns));
        module.AddConsumer<WorkflowRunExecutor>();
        module.AddPublishing();
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWorkflows();
        endpoints.MapPublishing();
    }
}
