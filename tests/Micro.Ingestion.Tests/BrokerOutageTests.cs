using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.Testing;

namespace Micro.Ingestion.Tests;

/// <summary>
/// A broker outage must not cost a single delivery: while RabbitMQ is down, ingestion keeps accepting webhooks (GitHub does not
/// retry failed deliveries by itself), and once it is back every accepted event reaches the services downstream. The broker is a
/// private one, because this test stops it.
/// </summary>
public sealed class BrokerOutageTests
{
    static readonly string Body = WebhookPayloads.Read("workflow_job", "queued.payload.json");

    [Fact]
    public async Task Deliveries_are_accepted_while_the_broker_is_stopped_and_published_once_it_is_back()
    {
        await using var broker = await PrivateRabbitMq.Start();
        await using var database = PostgresDatabase.Reserve("ingestion_outage");
        await using var service = await IngestionService.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Ingestion"] = database.ConnectionString,
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = broker.ConnectionString,
            ["Ingestion:Outbox:DispatchHoldBack"] = "00:00:01",
            ["Ingestion:Outbox:PublishTimeout"] = "00:00:02",
        });
        await service.Services.WaitUntilBusHealthy();

        await broker.Stop();
        var accepted = new List<string>();
        foreach (var round in Enumerable.Range(0, 3))
        {
            var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();
            var answers = await Task.WhenAll(ids.Select(id => service.Deliver("workflow_job", Body, id)));
            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode));
            accepted.AddRange(ids);
            // Later rounds arrive after publishing has failed against the stopped broker, not only before anything noticed.
            await Eventually.True(async () => (await Pending(service, ids[0])).Any(row => row.TryGetProperty("lastError", out _)),
                "the outbox has tried and failed to publish the delivery's event");
        }

        // Degraded, not Unhealthy: the gateway keeps routing webhooks to a service that still accepts them.
        var ready = await service.Client.GetAsync("/health/ready");
        var report = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("broker").GetProperty("status").GetString());
        Assert.Empty(service.Recorded.All);

        await broker.StartAgain();

        await Eventually.True(() => accepted.All(id => service.Recorded.CountFor(id) >= 1),
            "every delivery accepted during the outage reached the consumer", TimeSpan.FromMinutes(3));
        foreach (var id in accepted)
        {
            await Eventually.True(async () => (await Delivery(service, id)).GetProperty("delivery").GetProperty("state").GetString() == "published",
                $"delivery {id} is recorded as published");
        }
    }

    static Task<JsonElement> Delivery(IngestionService service, string deliveryId) =>
        service.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries/{deliveryId}");

    static async Task<List<JsonElement>> Pending(IngestionService service, string deliveryId) =>
        (await Delivery(service, deliveryId)).GetProperty("pending").EnumerateArray().ToList();
}
