using MassTransit;
using Micro.GitHub;
using Micro.Hosting;
using Micro.Persistence.Outbox;
using Micro.Persistence.Retention;
using Micro.RunnerBroker.Api;
using Micro.RunnerBroker.Data;
using Micro.RunnerBroker.Jobs;
using Micro.RunnerBroker.Launching;
using Micro.RunnerBroker.Repositories;
using Micro.RunnerBroker.Tokens;
using Micro.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Micro.RunnerBroker;

/// <summary>The runner-broker service: an ephemeral self-hosted runner launched for each queued job that asks for one.</summary>
public sealed class RunnerBrokerModule : IMicroModule
{
    public string Name => "runners";

    public void Register(ModuleBuilder module)
    {
        module.Services.AddValidatedOptions<RunnerBrokerOptions>(RunnerBrokerOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        module.Services.TryAddSingleton(TimeProvider.System);
        module.Host.AddGitHubClient();
        module.Host.AddConfiguredLauncher();

        module.AddDatabase<RunnerBrokerDbContext>("RunnerBroker");
        module.Host.AddOutboxRelay<RunnerBrokerDbContext>();
        module.Services.AddSingleton<RepositoryMappings>();
        module.Services.AddHostedService<RepositorySeeder>();
        module.Services.AddSingleton<SigningKeys>();
        module.Services.AddSingleton<RunnerCredentials>();
        module.Services.AddSingleton<TokenExchange>();
        module.Services.AddSingleton<RunnerMetrics>();
        module.Services.AddSingleton<RunnerJobDecider>();
        module.Services.AddSingleton<LaunchPolicy>();
        module.Services.AddSingleton<LaunchDispatcher>();
        module.Services.AddHostedService(provider => provider.GetRequiredService<LaunchDispatcher>());
        module.Services.AddConsumeObserver<DueLaunchSignal>();
        module.Services.AddHostedService<JobSweeper>();
        module.Services.AddRetentionSweep<RunnerJobRetention>();
        module.Services.AddHostedService<RunnerBrokerReport>();
        module.AddSaga<RunnerJobStateMachine, RunnerJobState>(typeof(RunnerJobStateDefinition));
    }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapRunnerBrokerApi();
}
