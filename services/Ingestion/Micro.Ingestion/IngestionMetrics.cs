using System.Diagnostics.Metrics;

namespace Micro.Ingestion;

/// <summary>Counts what happens to deliveries, for dashboards and alerts (meter <c>Micro.Ingestion</c>).</summary>
public sealed class IngestionMetrics
{
    readonly Counter<long> deliveries;
    readonly Counter<long> published;
    readonly Counter<long> redeliveries;
    readonly Counter<long> recoveryErrors;
    readonly Counter<long> parked;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Micro.Ingestion");
        deliveries = meter.CreateCounter<long>("micro.ingestion.deliveries", description: "Webhook deliveries by event and outcome");
        published = meter.CreateCounter<long>("micro.ingestion.published", description: "Events published to the bus");
        redeliveries = meter.CreateCounter<long>("micro.ingestion.redeliveries_requested",
            description: "Failed deliveries Micro had not stored and asked GitHub to redeliver, by hook");
        recoveryErrors = meter.CreateCounter<long>("micro.ingestion.recovery_errors",
            description: "Errors listing or redelivering a hook's deliveries, by hook and error");
        parked = meter.CreateCounter<long>("micro.ingestion.parked", description: "Outbox rows set aside after failing to publish too often");
    }

    public void Received(string eventName, string outcome) =>
        deliveries.Add(1, new KeyValuePair<string, object?>("event", eventName), new KeyValuePair<string, object?>("outcome", outcome));

    public void Published(string eventName) => published.Add(1, new KeyValuePair<string, object?>("event", eventName));

    public void RedeliveryRequested(string hook) => redeliveries.Add(1, new KeyValuePair<string, object?>("hook", hook));

    public void RecoveryFailed(string hook, string error) =>
        recoveryErrors.Add(1, new KeyValuePair<string, object?>("hook", hook), new KeyValuePair<string, object?>("error", error));
    public void Parked(string eventName) => parked.Add(1, new KeyValuePair<string, object?>("event", eventName));
}
