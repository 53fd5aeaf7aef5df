using System.Diagnostics.Metrics;

namespace Micro.Ingestion;

/// <summary>Counts what happens to deliveries, for dashboards and alerts (meter <c>Micro.Ingestion</c>).</summary>
public sealed class IngestionMetrics
{
    readonly Counter<long> deliveries;
    readonly Counter<long> published;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Micro.Ingestion");
        deliveries = meter.CreateCounter<long>("micro.ingestion.deliveries", description: "Webhook deliveries by event and outcome");
        published = meter.CreateCounter<long>("micro.ingestion.published", description: "Events published to the bus");
    }

    public void Received(string eventName, string outcome) =>
        deliveries.Add(1, new KeyValuePair<string, object?>("event", eventName), new KeyValuePair<string, object?>("outcome", outcome));

    public void Published(string eventName) => published.Add(1, new KeyValuePair<string, object?>("event", eventName));
}
