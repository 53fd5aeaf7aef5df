using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Micro.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Ingestion.Tests;

/// <summary>
/// An event that cannot be published while the broker is fine must not be retried forever, invisibly: after
/// <c>Ingestion:Outbox:MaxAttempts</c> it is parked, shown as such in the delivery log and counted, and a replay retries it.
/// </summary>
public sealed class OutboxParkingTests
{
    [Fact]
    public async Task An_event_failing_with_a_healthy_broker_is_parked_visibly_and_a_replay_publishes_it()
    {
        var directory = Directory.CreateTempSubdirectory("micro-ingestion-parking-").FullName;
        await using var service = await IngestionService.Start(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = directory,
            ["Messaging:Transport"] = "InMemory",
            ["Ingestion:Outbox:DispatchHoldBack"] = "00:00:01",
            ["Ingestion:Outbox:PollInterval"] = "00:00:00.100",
            ["Ingestion:Outbox:MaxAttempts"] = "2",
        });
        using var parkedCount = new ParkedCounter();
        var deliveryId = Guid.NewGuid().ToString();
        var refusal = new RefusedPublishes(deliveryId);
        using var observer = service.Services.GetRequiredService<IBus>().ConnectPublishObserver(refusal);

        var response = await service.Deliver("workflow_job", WebhookPayloads.Read("workflow_job", "queued.payload.json"), deliveryId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.True(async () => (await Pending(service, deliveryId)).Any(row => row.GetProperty("parked").GetBoolean()),
            "the event's outbox row is parked");
        var parked = Assert.Single(await Pending(service, deliveryId));
        Assert.Equal(2, parked.GetProperty("attempts").GetInt32());
        Assert.Contains("refused by the test", parked.GetProperty("lastError").GetString());
        Assert.True(parkedCount.Total >= 1, "the parked row is counted in micro.ingestion.parked");
        Assert.Equal(0, service.Recorded.CountFor(deliveryId));

        refusal.Refusing = false;
        var replay = await service.Client.PostAsync($"/api/ingestion/deliveries/{deliveryId}/replay", null);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var replayed = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(parked.GetProperty("messageId").GetGuid(), replayed.GetProperty("messageId").GetGuid());
        await Eventually.True(() => service.Recorded.CountFor(deliveryId) == 1, "the replayed event reached the consumer");
        await Eventually.True(async () => (await Pending(service, deliveryId)).Count == 0, "the outbox row is settled");
    }

    static async Task<List<JsonElement>> Pending(IngestionService service, string deliveryId)
    {
        var delivery = await service.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries/{deliveryId}");
        return delivery.GetProperty("pending").EnumerateArray().ToList();
    }

    /// <summary>A broker that takes every event but one delivery's, as if that message could not be sent.</summary>
    sealed class RefusedPublishes(string deliveryId) : IPublishObserver
    {
        public volatile bool Refusing = true;

        public Task PrePublish<T>(PublishContext<T> context)
            where T : class =>
            Refusing && ExpectedEvents.DeliveryOf(context.Message) == deliveryId
                ? throw new InvalidOperationException("refused by the test")
                : Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }

    sealed class ParkedCounter : IDisposable
    {
        readonly MeterListener listener = new();
        long total;

        public ParkedCounter()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument is { Meter.Name: "Micro.Ingestion", Name: "micro.ingestion.parked" })
                    l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref total, value));
            listener.Start();
        }

        public long Total => Interlocked.Read(ref total);

        public void Dispose() => listener.Dispose();
    }
}
