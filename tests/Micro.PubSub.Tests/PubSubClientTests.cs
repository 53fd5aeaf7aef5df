using System.Net;
using System.Text;
using Micro.Testing;

namespace Micro.PubSub.Tests;

/// <summary>The REST client against Google's emulator: what a publisher and a pull subscriber see.</summary>
public sealed class PubSubClientTests : IDisposable
{
    readonly EmulatorClient emulator = EmulatorClient.Create();

    PubSubClient Client => emulator.Client;

    [Fact]
    public async Task A_published_message_is_pulled_with_its_data_and_attributes_and_an_acknowledged_one_is_not_delivered_again()
    {
        var (topic, subscription) = await emulator.TopicWithSubscription("requests");
        var first = await Client.Publish(topic, PubSubMessage.OfText("{\"workflow\": \"hello_world\"}", new Dictionary<string, string> { ["origin"] = "test" }),
            CancellationToken.None);
        var second = await Client.Publish(topic, PubSubMessage.OfText("second"), CancellationToken.None);

        var pulled = await emulator.PullAtLeast(subscription, 2);
        var message = Assert.Single(pulled, m => m.Message.MessageId == first).Message;
        Assert.Equal("{\"workflow\": \"hello_world\"}", Encoding.UTF8.GetString(message.Data!));
        Assert.Equal("test", message.Attributes!["origin"]);
        Assert.NotNull(message.PublishTime);

        // Acknowledge the first; release both leases at once: only the unacknowledged one comes back.
        await Client.Acknowledge(subscription, [pulled.Single(m => m.Message.MessageId == first).AckId], CancellationToken.None);
        await Client.ModifyAckDeadline(subscription, pulled.Select(m => m.AckId).ToList(), TimeSpan.Zero, CancellationToken.None);

        var again = await emulator.PullAtLeast(subscription, 1);
        Assert.Equal([second], again.Select(m => m.Message.MessageId));
    }

    [Fact]
    public async Task An_extended_ack_deadline_keeps_a_message_leased_past_the_subscriptions_own_deadline()
    {
        var (topic, subscription) = await emulator.TopicWithSubscription("leased", ackDeadline: TimeSpan.FromSeconds(10));
        var id = await Client.Publish(topic, PubSubMessage.OfText("lease me"), CancellationToken.None);
        var pulled = Assert.Single(await emulator.PullAtLeast(subscription, 1));
        await Client.ModifyAckDeadline(subscription, [pulled.AckId], TimeSpan.FromSeconds(120), CancellationToken.None);

        // Past the subscription's 10 s the message would be redelivered, were its lease not extended.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(13);
        while (DateTime.UtcNow < until)
        {
            Assert.Empty(await Client.Pull(subscription, 10, CancellationToken.None));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        // Still leased, not lost: given up, it comes straight back.
        await Client.ModifyAckDeadline(subscription, [pulled.AckId], TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(id, Assert.Single(await emulator.PullAtLeast(subscription, 1)).Message.MessageId);
    }

    [Fact]
    public async Task Creating_what_exists_already_says_so_rather_than_failing()
    {
        Assert.True(await Client.CreateTopic("created", CancellationToken.None));
        Assert.False(await Client.CreateTopic("created", CancellationToken.None));
        Assert.True(await Client.CreateSubscription("created-sub", "created", TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.False(await Client.CreateSubscription("created-sub", "created", TimeSpan.FromSeconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task Publishing_to_a_missing_topic_is_a_permanent_error_that_names_it()
    {
        var error = await Assert.ThrowsAsync<PubSubException>(() => Client.Publish("no-such-topic", PubSubMessage.OfText("x"), CancellationToken.None));
        Assert.False(error.Retryable);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains($"projects/{emulator.Project}/topics/no-such-topic", error.Message);
        Assert.Contains("do not retry", error.Message);
    }

    [Fact]
    public async Task An_unreachable_service_is_a_transient_error()
    {
        using var nowhere = EmulatorClient.Create(emulator.Project, new Dictionary<string, string?>
        {
            ["PubSub:EmulatorHost"] = $"127.0.0.1:{ServiceProcess.FreePort()}",
            ["PubSub:RetryAttempts"] = "1",
            ["PubSub:RetryDelay"] = "00:00:00.010",
        });
        var error = await Assert.ThrowsAsync<PubSubException>(() => nowhere.Client.Pull("any", 1, CancellationToken.None));
        Assert.True(error.Retryable);
        Assert.Null(error.StatusCode);
        Assert.Contains("retry later", error.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("goog-reserved")]
    [InlineData("projects/x/topics/t")]
    [InlineData("../other")]
    public async Task A_malformed_topic_name_is_refused_before_any_call(string topic)
    {
        var error = await Assert.ThrowsAsync<PubSubException>(() => Client.Publish(topic, PubSubMessage.OfText("x"), CancellationToken.None));
        Assert.False(error.Retryable);
        Assert.Null(error.StatusCode);
        Assert.Contains(topic, error.Message);
    }

    public void Dispose() => emulator.Dispose();
}
