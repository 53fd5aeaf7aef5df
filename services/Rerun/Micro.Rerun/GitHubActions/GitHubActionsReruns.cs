using MassTransit;
using Micro.GitHub;
using Micro.Messaging;
using Micro.Persistence.Sagas;
using Micro.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Micro.Rerun.GitHubActions;

/// <summary>The GitHub Actions part of the rerun service: re-runs the failed jobs of finished workflow run attempts.</summary>
public static class GitHubActionsReruns
{
    public static IHostApplicationBuilder AddGitHubActionsReruns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RerunOptions>(RerunOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        builder.AddGitHubClient();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RerunMetrics>();
        builder.Services.AddSingleton<RerunJudge>();
        builder.Services.AddTransient<RerunCall>();
        builder.Services.AddSingleton<RerunDispatcher>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RerunDispatcher>());
        builder.Services.AddHostedService<RunAttemptRetention>();
        builder.Services.AddConsumeObserver<DueRerunSignal>();
        builder.AddBusParticipant(bus => bus
            .AddSagaStateMachine<WorkflowRunAttemptStateMachine, WorkflowRunAttemptState, WorkflowRunAttemptStateDefinition>()
            .StoredIn<WorkflowRunAttemptState, RerunDbContext>());
        return builder;
    }
}
