using Micro.Ingestion.Api;
using Micro.Ingestion.Deliveries;
using Micro.Ingestion.Publishing;
using Micro.Ingestion.Webhooks;
using Micro.Persistence.Database;
using Micro.ServiceDefaults;

namespace Micro.Ingestion;

/// <summary>The ingestion service's wiring, used by its own host and by the standalone host alike.</summary>
public static class IngestionModule
{
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GitHubWebhookOptions>(GitHubWebhookOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        builder.Services.AddValidatedOptions<OutboxOptions>(OutboxOptions.Section);

        builder.AddServiceDatabase<IngestionDbContext>("Ingestion");
        builder.Services.AddSingleton<WebhookSignature>();
        builder.Services.AddSingleton<WebhookReadGate>();
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<EventPublisher>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DeliveryStore>());
        builder.Services.AddHostedService<OutboxPublisher>();
        builder.Services.AddHostedService<WebhookSecurityReport>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/github", GitHubWebhookEndpoint.Receive).DisableAntiforgery();
        endpoints.MapDeliveries();
        return endpoints;
    }
}
