using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Micro.Hosting;

/// <summary>
/// One OpenAPI document per module, at <c>/openapi/{module}.json</c>: a module's endpoints carry its name as their group name, so the
/// standalone host, which holds every module, still serves each service's document apart. The gateway routes the same path to the
/// service, so a document is found at the same address in both topologies. Documents are public, as the endpoints' shapes are no secret.
/// </summary>
public static class ModuleDocuments
{
    public const string RoutePattern = "/openapi/{documentName}.json";

    internal static void Add(IServiceCollection services, IEnumerable<IMicroModule> modules)
    {
        foreach (var module in modules)
        {
            var name = module.Name;
            services.AddOpenApi(name, options =>
            {
                options.ShouldInclude = description => description.GroupName == name;
                options.AddDocumentTransformer(new ModuleDocumentInfo(module.GetType().Assembly, name));
                options.AddOperationTransformer<DoorResponses>();
            });
        }

        services.TryAddSingleton<DescribedModules>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IApiDocumentSource, DescribedModules>(provider => provider.GetRequiredService<DescribedModules>()));
    }

    /// <summary>The documents; a module without described endpoints (the gateway's own, the standalone report) has none, and answers 404.</summary>
    internal static void Map(WebApplication app) =>
        app.MapOpenApi(RoutePattern).AddEndpointFilter(async (context, next) =>
        {
            var described = context.HttpContext.RequestServices.GetRequiredService<DescribedModules>().DocumentNames;
            return context.HttpContext.GetRouteValue("documentName") is string name && described.Contains(name)
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown API document",
                    detail: $"The API documents here are: {string.Join(", ", described)}.");
        });
}

/// <summary>Names of API documents for the reference page: this host's modules, or the services behind the gateway.</summary>
public interface IApiDocumentSource
{
    IReadOnlyList<string> DocumentNames { get; }
}

/// <summary>The modules of this host that have endpoints to describe.</summary>
sealed class DescribedModules(IApiDescriptionGroupCollectionProvider descriptions) : IApiDocumentSource
{
    public IReadOnlyList<string> DocumentNames => descriptions.ApiDescriptionGroups.Items
        .Where(group => group is { GroupName: not null, Items.Count: > 0 })
        .Select(group => group.GroupName!)
        .Distinct()
        .ToList();
}
