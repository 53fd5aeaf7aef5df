using Micro.Rerun.CircleCi;

namespace Micro.Rerun.Api;

/// <summary>The rerun service's API, <c>/api/rerun</c>: one group, to which each part of the service adds its resources.</summary>
static class RerunApi
{
    public static RouteGroupBuilder MapRerunApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/rerun");
        api.MapWorkflowRuns();
        api.MapCircleCiReruns();
        return api;
    }
}
