using System.Net;
using System.Text;
using Micro.Ingestion.Deliveries;
using Micro.Testing;

namespace Micro.PubSub.Tests;

/// <summary>
/// Ingestion as deployed (its PostgreSQL database, RabbitMQ) taking workflow requests from Pub/Sub: pushed to /webhooks/pubsub (by the
/// tests and by the emulator itself) and pulled from <c>PubSub:WorkflowSubscription</c>.
/// </summary>
public sealed class PushIngestionFixture : IAsyncLifetime
{
    readonly PostgresDatabase database = PostgresDatabase.Reserve("pubsub_ingestion");
    RabbitMqVirtualHost broker = null!;

    public EmulatorClient Emulator { get; } = EmulatorClient.Create();

    public IngestionHost Ingestion { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        broker = await RabbitMqVirtualHost.Create("pubsub");
        await Emulator.TopicWithSubscription("workflow-trigger-topic");
        var settings = PubSubEmulator.Settings(Emulator.Project);
        settings["Database:Provider"] = "Postgres";
        settings["ConnectionStrings:Ingestion"] = database.ConnectionString;
        settings["Messaging:Transport"] = "RabbitMq";
        settings["ConnectionStrings:RabbitMq"] = broker.ConnectionString;
        settings["PubSub:Push:AllowUnauthenticated"] = "true";
        settings["PubSub:WorkflowSubscription"] = "workflow-trigger-topic-pull";
        settings["PubSub:PullIdleDelay"] = "00:00:00.200";
        Ingestion = await IngestionHost.Start(settings);
        await Ingestion.Services.WaitUntilBusHealthy();
    }

    public async Task DisposeAsync()
    {
        await Ingestion.DisposeAsync();
        Emulator.Dispose();
        await database.DisposeAsync();
        await broker.DisposeAsync();
    }
}

public sealed class PushIngestionTests(PushIngestionFixture fixture) : IClassFixture<PushIngestionFixture>
{
    IngestionHost Ingestion => fixture.Ingestion;

    static string NewMessageId() => Random.Shared.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString();

    [Fact]
    public async Task A_pushed_message_is_answered_204_once_stored_and_published_as_a_workflow_request()
    {
        var id = NewMessageId();
        var data = "{\"workflow\": \"hello_world\", \"parameters\": {\"git_url\": \"https://github.com/o/r.git\"}}";
        var response = await Ingestion.Push(IngestionHost.Envelope(id, data, new Dictionary<string, string> { ["team"] = "ci" }));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        // Answered only once stored: the delivery is in the log before the test looks.
        Assert.Contains(await Ingestion.PubSubDeliveries(), d => d.DeliveryId == $"pubsub:{id}");

        await Eventually.True(() => Ingestion.Requested.Any(r => r.RequestId == id), "the workflow request is on the bus");
        var requested = Ingestion.Requested.Single(r => r.RequestId == id);
        Assert.Equal(data, requested.Data);
        Assert.Equal("ci", requested.Attributes["team"]);
        Assert.Equal("pubsub:projects/p1/subscriptions/workflows", requested.Source);
        Assert.True(requested.ReceivedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task The_same_message_pushed_again_or_at_once_is_acknowledged_every_time_but_requested_once()
    {
        var id = NewMessageId();
        var body = IngestionHost.Envelope(id, "{\"workflow\": \"hello_world\", \"parameters\": {}}");
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Ingestion.Push(body)));
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode));

        await Eventually.True(async () => (await Ingestion.PubSubDeliveries()).Single(d => d.DeliveryId == $"pubsub:{id}").State == DeliveryState.Published,
            "the message's event is published");
        Assert.Equal(HttpStatusCode.NoContent, (await Ingestion.Push(body)).StatusCode);
        await Eventually.True(() => Ingestion.Requested.Any(r => r.RequestId == id), "the request reaches the consumer");
        Assert.Single(Ingestion.Requested, r => r.RequestId == id);
        Assert.Equal(1, (await Ingestion.PubSubDeliveries()).Single(d => d.DeliveryId == $"pubsub:{id}").PublishCount);
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "not json {marker-1}", "not a Pub/Sub push envelope" },
        { "{\"subscription\": \"s\", \"marker\": \"marker-2\"}", "no 'message' object" },
        { "{\"message\": {\"data\": \"eA==\"}, \"subscription\": \"marker-3\"}", "messageId is missing" },
        { "{\"message\": {\"data\": \"!!not base64 marker-4\", \"messageId\": \"1\"}}", "not a Pub/Sub push envelope" },
        { "{\"message\": {\"data\": \"//79\", \"messageId\": \"marker-5\"}}", "not UTF-8 text" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_push_is_acknowledged_and_recorded_as_rejected_never_requested(string body, string reason)
    {
        var marker = $"{Guid.NewGuid():N}";
        body = body.Replace("marker-", marker, StringComparison.Ordinal);

        var response = await Ingestion.Push(body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var rejected = Assert.Single(await Ingestion.PubSubDeliveries(), d => d.Payload.Contains(marker) || d.DeliveryId.Contains(marker));
        Assert.Equal(DeliveryState.Rejected, rejected.State);
        Assert.Contains(reason, rejected.IgnoredReason);
        // Pushed again (Pub/Sub's redelivery), it is the same record, still acknowledged.
        Assert.Equal(HttpStatusCode.NoContent, (await Ingestion.Push(body)).StatusCode);
        Assert.Single(await Ingestion.PubSubDeliveries(), d => d.Payload.Contains(marker) || d.DeliveryId.Contains(marker));
        Assert.Empty(await Ingestion.PendingPublicationsOf(rejected.DeliveryId));
    }

    [Fact]
    public async Task The_emulator_pushing_to_the_endpoint_delivers_the_message_as_a_workflow_request()
    {
        var client = fixture.Emulator.Client;
        await client.CreateTopic("pushed", CancellationToken.None);
        await client.CreateSubscription("pushed-to-micro", "pushed", TimeSpan.FromSeconds(10), CancellationToken.None,
            pushEndpoint: new Uri(Ingestion.Address, "/webhooks/pubsub"));
        var data = $"{{\"workflow\": \"hello_world\", \"parameters\": {{\"git_url\": \"https://github.com/o/{Guid.NewGuid():N}.git\"}}}}";

        var id = await client.Publish("pushed", PubSubMessage.OfText(data, new Dictionary<string, string> { ["via"] = "push" }), CancellationToken.None);

        await Eventually.True(() => Ingestion.Requested.Any(r => r.Data == data), "the emulator's push becomes a workflow request");
        var requested = Ingestion.Requested.Single(r => r.Data == data);
        Assert.Equal(id, requested.RequestId);
        Assert.Equal($"pubsub:projects/{fixture.Emulator.Project}/subscriptions/pushed-to-micro", requested.Source);
        Assert.Equal("push", requested.Attributes["via"]);
    }

    [Fact]
    public async Task A_message_on_the_pulled_subscription_is_stored_and_requested()
    {
        var data = $"{{\"workflow\": \"hello_world\", \"parameters\": {{\"git_url\": \"https://github.com/o/{Guid.NewGuid():N}.git\"}}}}";
        var id = await fixture.Emulator.Client.Publish("workflow-trigger-topic", PubSubMessage.OfText(data), CancellationToken.None);

        await Eventually.True(() => Ingestion.Requested.Any(r => r.RequestId == id), "the pulled message becomes a workflow request");
        var requested = Ingestion.Requested.Single(r => r.RequestId == id);
        Assert.Equal(data, requested.Data);
        Assert.Equal($"pubsub:projects/{fixture.Emulator.Project}/subscriptions/workflow-trigger-topic-pull", requested.Source);
        Assert.Contains(await Ingestion.PubSubDeliveries(), d => d.DeliveryId == $"pubsub:{id}");
    }
}
