using Micro.GitHub;
using Micro.Hosting;
using Micro.Persistence.Outbox;
using Micro.PrLock.Api;
using Micro.PrLock.Data;
using Micro.PrLock.Locks;
using Micro.PrLock.PullRequests;
using Micro.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Micro.PrLock;

/// <summary>The PR-lock service: one pull request at a time per shared environment, with a queue, expiry and commit statuses.</summary>
public sealed class PrLockModule : IMicroModule
{
    public string Name => "prlock";

    public void Register(ModuleBuilder module)
    {
        module.Services.AddValidatedOptions<PrLockOptions>(PrLockOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        module.Services.TryAddSingleton(TimeProvider.System);

        module.AddDatabase<PrLockDbContext>("PrLock");
        // After the schema is up to date, before the first request.
        module.Services.AddHostedService<EnvironmentNameFolding>();
        module.Host.AddOutboxRelay<PrLockDbContext>();
        module.Services.AddScoped<LockLedger>();
        module.Services.AddHostedService<ExpirySweeper>();
        module.Services.AddHostedService<PrLockReport>();
        module.Host.AddGitHubClient();
        module.Services.AddScoped<CommitStatuses>();
        module.AddConsumer<PullRequestLockConsumer>();
        module.AddConsumer<LockStatusReporter>();
    }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapLocks();
}
