using Micro.Ingestion.Api;
using Micro.Ingestion.Deliveries;
using Micro.Ingestion.Publishing;
using Micro.Ingestion.Webhooks;
using Micro.Persistence.Database;
using Micro.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Micro.Ingestion;

/// <summary>The ingestion service's wiring, used by its own host and by the standalone host alike.</summary>
public static class IngestionModule
{
    /// <summary>The name MassTransit gives its health check of the bus.</summary>
    const string BusCheck = "masstransit-bus";

    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GitHubWebhookOptions>(GitHubWebhookOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        builder.Services.AddValidatedOptions<OutboxOptions>(OutboxOptions.Section);
        builder.Services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);

        builder.AddServiceDatabase<IngestionDbContext>("Ingestion");
        builder.Services.AddSingleton<WebhookSignature>();
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<BrokerAvailability>();
        builder.Services.AddHealthChecks().AddCheck<BrokerAvailability>("broker", tags: [HealthTags.Ready]);
        // Ingestion's work, accepting webhooks, needs only its database. Without the broker it stays in the gateway's rotation,
        // Degraded rather than Unhealthy, while the events of what it accepts wait in the outbox.
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var check in options.Registrations.Where(check => check.Name == BusCheck))
                check.FailureStatus = HealthStatus.Degraded;
        });
        builder.Services.AddSingleton<EventPublisher>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DeliveryStore>());
        builder.Services.AddHostedService<OutboxPublisher>();
        builder.Services.AddHostedService<DeliveryRetention>();
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
