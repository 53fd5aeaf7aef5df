namespace Micro.RunnerBroker.Api;

public static class RunnerBrokerApi
{
    public static IEndpointRouteBuilder MapRunnerBrokerApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/runners");
        api.MapJobs();
        api.MapRepositoryMapping();
        endpoints.MapOriginalRepositoryPaths();
        endpoints.MapRunnerPaths();
        return endpoints;
    }
}
