using Micro.Hosting;
using Micro.PubSub;
using Micro.ServiceDefaults;

namespace Micro.GitWorkflow.Publishing;

/// <summary>Publishing to Pub/Sub: workflow requests on demand, and finished runs' results when <c>PubSub:ResultsTopic</c> is set.</summary>
public static class PublishingExtensions
{
    public static ModuleBuilder AddPublishing(this ModuleBuilder module)
    {
        module.Host.AddPubSubClient();
        module.Services.AddValidatedOptions<PublishingOptions>(PublishingOptions.Section);
        if (!string.IsNullOrWhiteSpace(module.Configuration[$"{PublishingOptions.Section}:{nameof(PublishingOptions.ResultsTopic)}"]))
            module.AddConsumer<WorkflowResultPublisher>();
        return module;
    }

    public static IEndpointRouteBuilder MapPublishing(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/workflows/publish", PublishEndpoint.Publish).WithTags("Workflows").DisableAntiforgery()
            .WithSummary("Publish a workflow request to Pub/Sub (PubSub:WorkflowTopic)")
            .WithJsonBody<System.Text.Json.JsonElement>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }
}
