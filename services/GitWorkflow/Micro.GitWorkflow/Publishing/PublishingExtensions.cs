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
        endpoints.MapPost("/api/workflows/publish", PublishEndpoint.Publish).WithTags("Workflows").DisableAntiforgery();
        return endpoints;
    }
}
