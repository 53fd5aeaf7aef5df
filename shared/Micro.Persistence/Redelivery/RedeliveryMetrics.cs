using System.Diagnostics.Metrics;

namespace Micro.Persistence.Redelivery;

/// <summary>Failed messages, for alerts (meter <c>Micro.Messaging</c>): a dead letter needs an operator.</summary>
public sealed class RedeliveryMetrics
{
    readonly Counter<long> scheduled;
    readonly Counter<long> deadLettered;
    readonly Counter<long> redelivered;

    public RedeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Micro.Messaging");
        scheduled = meter.CreateCounter<long>("micro.messaging.redeliveries_scheduled", description: "Messages that failed after their retries and wait to be redelivered");
        deadLettered = meter.CreateCounter<long>("micro.messaging.dead_letters", description: "Messages that became dead letters after their redelivery window");
        redelivered = meter.CreateCounter<long>("micro.messaging.redelivered", description: "Failed messages sent to their consumer again");
    }

    public void Scheduled(string service, string messageType) => scheduled.Add(1, Tags(service, messageType));

    public void DeadLettered(string service, string messageType) => deadLettered.Add(1, Tags(service, messageType));

    public void Redelivered(string service, string messageType) => redelivered.Add(1, Tags(service, messageType));

    static KeyValuePair<string, object?>[] Tags(string service, string messageType) =>
        [new("service", service), new("message_type", messageType.Split(',')[0])];
}
