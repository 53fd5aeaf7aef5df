using System.Text.Json;
using Micro.Ingestion.Deliveries;

namespace Micro.Ingestion.Api;

public sealed record DeliverySummary(
    string DeliveryId,
    string Event,
    string? Action,
    string? Repository,
    long? InstallationId,
    string? Sender,
    DateTime ReceivedAt,
    DeliveryState State,
    string? IgnoredReason,
    DateTime? PublishedAt,
    int PublishCount);

public sealed record DeliveryList(IReadOnlyList<DeliverySummary> Items);

/// <summary>
/// An outbox row still waiting, shown so an operator sees why an event is not on the bus yet. A parked one is no longer tried
/// (it failed <c>Ingestion:Outbox:MaxAttempts</c> times); replaying the delivery retries it.
/// </summary>
public sealed record PendingPublicationView(
    Guid MessageId, DateTime EnqueuedAt, int Attempts, DateTime NotBefore, string? LastError, bool Parked, DateTime? ParkedAt);

public sealed record DeliveryDetail(DeliverySummary Delivery, IReadOnlyList<PendingPublicationView> Pending, JsonElement Payload);

public sealed record ReplayAccepted(string DeliveryId, Guid MessageId);

static class DeliveryViews
{
    public static DeliverySummary Summary(this Delivery d) =>
        new(d.DeliveryId, d.Event, d.Action, d.Repository, d.InstallationId, d.Sender, d.ReceivedAt, d.State, d.IgnoredReason, d.PublishedAt,
            d.PublishCount);
}
