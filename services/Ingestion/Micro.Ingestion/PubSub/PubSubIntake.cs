using Micro.Ingestion.Deliveries;
using Micro.Ingestion.Webhooks;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.PubSub;

/// <summary>Stores a Pub/Sub message (or a rejected body) in the delivery log, pushed or pulled alike; says whether it is safe to acknowledge.</summary>
sealed class PubSubIntake(DeliveryStore store, IngestionMetrics metrics, IOptions<GitHubWebhookOptions> webhooks)
{
    /// <summary>True once the delivery is committed (or was already): only then may Pub/Sub be told it arrived.</summary>
    public async Task<bool> Store(Delivery delivery, object? message, CancellationToken cancellationToken)
    {
        // The delivery log's own limit: the same wait as for GitHub's deliveries, well within Pub/Sub's push deadline.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(webhooks.Value.StoreTimeout);
        StoreOutcome? outcome;
        try
        {
            outcome = await store.Store(delivery, message, deadline.Token);
        }
        catch (Exception exception) when (exception is DeliveryNotStoredException or OperationCanceledException)
        {
            outcome = null;
        }

        metrics.Received(PubSubDeliveries.Event, outcome?.ToString() ?? "failed");
        return outcome is not null;
    }
}
