using System.Diagnostics.Metrics;

namespace Micro.Ingestion;

/// <summary>Counts what happens to deliveries, for dashboards and alerts (meter <c>Micro.Ingestion</c>).</summary>
public sealed class IngestionMetrics
{
    readonly Counter<long> deliveries;
    readonly Counter<long> published;
    readonly Counter<long> parked;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Micro.Ingestion");
        deliveries = meter.CreateCounter<long>("micro.ingestion.deliveries", description: "Webhook deliveries by event and outcome");
        published = meter.CreateCounter<long>("micro.ingestion.published", description: "Events published to the bus");
        parked = meter.CreateCounter<long>("micro.ingestion.parked", description: "Outbox rows set aside after failing to publish too often");
    }

    public void Received(string eventName, string outcome) =>
        deliveries.Add(1, new KeyValuePair<string, object?>("event", eventName), new KeyValuePair<string, object?>("outcome", outcome));

    public void Published(string eventName) => published.Add(1, new KeyValuePair<string, object?>("event", eventName));

    public void Parked(string eventName) => parked.Add(1, new KeyValuePair<string, object?>("event", eventName));
}
