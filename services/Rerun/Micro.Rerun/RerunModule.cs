using Micro.Persistence.Database;
using Micro.Rerun.Api;
using Micro.Rerun.CircleCi;

namespace Micro.Rerun;

/// <summary>The rerun service's wiring, used by its own host and by the standalone host alike.</summary>
public static class RerunModule
{
    public static IHostApplicationBuilder AddRerun(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<RerunDbContext>("Rerun");
        builder.AddCircleCiReruns();
        return builder;
    }

    public static IEndpointRouteBuilder MapRerun(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapRerunApi();
        api.MapCircleCiReruns();
        return endpoints;
    }
}
