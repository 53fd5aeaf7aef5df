using Micro.Persistence.Database;
using Micro.Persistence.Outbox;
using Micro.Rerun.Api;
using Micro.Rerun.CircleCi;
using Micro.Rerun.GitHubActions;

namespace Micro.Rerun;

/// <summary>The rerun service's wiring, used by its own host and by the standalone host alike.</summary>
public static class RerunModule
{
    public static IHostApplicationBuilder AddRerun(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<RerunDbContext>("Rerun");
        builder.AddOutboxRelay<RerunDbContext>();
        builder.AddGitHubActionsReruns();
        builder.AddCircleCiReruns();
        return builder;
    }

    public static IEndpointRouteBuilder MapRerun(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRerunApi();
        return endpoints;
    }
}
