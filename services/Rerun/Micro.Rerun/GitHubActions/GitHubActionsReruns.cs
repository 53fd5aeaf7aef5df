using MassTransit;
using Micro.GitHub;
using Micro.Hosting;
using Micro.Persistence.Retention;
using Micro.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Micro.Rerun.GitHubActions;

/// <summary>The GitHub Actions part of the rerun service: re-runs the failed jobs of finished workflow run attempts.</summary>
public static class GitHubActionsReruns
{
    public static ModuleBuilder AddGitHubActionsReruns(this ModuleBuilder module)
    {
        module.Services.AddValidatedOptions<RerunOptions>(RerunOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        module.Host.AddGitHubClient();
        module.Services.TryAddSingleton(TimeProvider.System);
        module.Services.AddSingleton<RerunMetrics>();
        module.Services.AddSingleton<RerunJudge>();
        module.Services.AddTransient<RerunCall>();
        module.Services.AddSingleton<RerunDispatcher>();
        module.Services.AddHostedService(provider => provider.GetRequiredService<RerunDispatcher>());
        module.Services.AddRetentionSweep<RunAttemptRetention>();
        module.Services.AddConsumeObserver<DueRerunSignal>();
        module.AddSaga<WorkflowRunAttemptStateMachine, WorkflowRunAttemptState>(typeof(WorkflowRunAttemptStateDefinition));
        return module;
    }
}
