using Micro.GitHub;
using Micro.Messaging;
using Micro.Persistence.Database;
using Micro.Persistence.Outbox;
using Micro.PrLock.Api;
using Micro.PrLock.Locks;
using Micro.PrLock.PullRequests;
using Micro.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Micro.PrLock;

/// <summary>The PR-lock service's wiring, used by its own host and by the standalone host alike.</summary>
public static class PrLockModule
{
    public static IHostApplicationBuilder AddPrLock(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PrLockOptions>(PrLockOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.AddServiceDatabase<PrLockDbContext>("PrLock");
        builder.AddOutboxRelay<PrLockDbContext>();
        builder.Services.AddScoped<LockLedger>();
        builder.Services.AddHostedService<ExpirySweeper>();
        builder.Services.AddHostedService<PrLockReport>();
        builder.AddGitHubClient();
        builder.Services.AddScoped<CommitStatuses>();
        builder.AddBusParticipant(bus =>
        {
            bus.AddConsumer<PullRequestLockConsumer>();
            bus.AddConsumer<LockStatusReporter>();
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapPrLock(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapLocks();
        return endpoints;
    }
}
