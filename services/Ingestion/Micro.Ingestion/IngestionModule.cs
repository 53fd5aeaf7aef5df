using Micro.GitHub;
using Micro.Hosting;
using Micro.Ingestion.Api;
using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Micro.Ingestion.Publishing;
using Micro.Ingestion.PubSub;
using Micro.Ingestion.Recovery;
using Micro.Ingestion.Webhooks;
using Micro.Persistence.Retention;
using Micro.PubSub;
using Micro.PubSub.Push;
using Micro.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Micro.Ingestion;

/// <summary>The ingestion service: verifies webhooks and Pub/Sub messages, keeps the delivery log, publishes their events.</summary>
public sealed class IngestionModule : IMicroModule
{
    /// <summary>The name MassTransit gives its health check of the bus.</summary>
    const string BusCheck = "masstransit-bus";

    public string Name => "ingestion";

    public void Register(ModuleBuilder module)
    {
        module.Services.AddValidatedOptions<GitHubWebhookOptions>(GitHubWebhookOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        module.Services.AddValidatedOptions<OutboxOptions>(OutboxOptions.Section);
        module.Services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);

        module.AddDatabase<IngestionDbContext>("Ingestion").UseBus();
        module.Services.AddSingleton<WebhookSignature>();
        module.Services.AddSingleton<WebhookReadGate>();
        module.Services.AddSingleton<IngestionMetrics>();
        module.Services.AddSingleton<OutboxSignal>();
        module.Services.AddSingleton<BrokerAvailability>();
        module.Services.AddHealthChecks().AddCheck<BrokerAvailability>("broker", tags: [HealthTags.Ready]);
        // Ingestion's work, accepting webhooks, needs only its database. Without the broker it stays in the gateway's rotation,
        // Degraded rather than Unhealthy, while the events of what it accepts wait in the outbox.
        module.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var check in options.Registrations.Where(check => check.Name == BusCheck))
                check.FailureStatus = HealthStatus.Degraded;
        });
        module.Services.AddSingleton<ConsumedSettlement>();
        module.Services.AddHostedService(provider => provider.GetRequiredService<ConsumedSettlement>());
        module.Services.AddSingleton<EventPublisher>();
        module.Services.AddSingleton<OutboxDispatcher>();
        module.Services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        module.Services.AddSingleton<DeliveryStore>();
        module.Services.AddHostedService(provider => provider.GetRequiredService<DeliveryStore>());
        module.Services.AddHostedService<OutboxPublisher>();
        module.Services.AddRetentionSweep<DeliveryRetention>();
        module.Services.AddHostedService<WebhookSecurityReport>();

        module.Services.AddValidatedOptions<WebhookRecoveryOptions>(WebhookRecoveryOptions.Section);
        module.Host.AddGitHubClient();
        module.Services.AddSingleton<DeliveryRecovery>();
        module.Services.AddSingleton<RecoveryPassClaims>();
        module.Services.AddHostedService<RecoveryLoop>();

        module.Host.AddPubSubClient();
        module.Services.AddPubSubPush();
        module.Services.AddValidatedOptions<WorkflowSubscriptionOptions>(WorkflowSubscriptionOptions.Section);
        module.Services.AddSingleton<PubSubIntake>();
        module.Services.AddHostedService<WorkflowSubscriber>();
        module.Services.AddHostedService<PubSubSecurityReport>();
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/github", GitHubWebhookEndpoint.Receive).DisableAntiforgery().DescribedAsGitHubWebhook();
        endpoints.MapPost("/webhooks/pubsub", PubSubPushEndpoint.Receive).DisableAntiforgery().DescribedAsPubSubPush();
        endpoints.MapDeliveries();
    }
}
