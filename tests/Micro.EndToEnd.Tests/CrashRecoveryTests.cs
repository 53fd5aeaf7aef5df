using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Micro.Testing;

namespace Micro.EndToEnd.Tests;

/// <summary>
/// GitHub never redelivers on its own, so a delivery Micro answered 2xx must reach the services behind it even if ingestion
/// crashes right after answering.
/// </summary>
public sealed class CrashRecoveryTests
{
    static readonly byte[] Payload = Encoding.UTF8.GetBytes(Fixtures.Read("octokit-webhooks", "split", "workflow_job", "queued.payload.json"));

    [Fact]
    public async Task Every_delivery_accepted_before_and_after_ingestion_is_killed_is_published_exactly_once()
    {
        await using var topology = await DistributedTopology.Start();
        await using var subscriber = await BusSubscriber.Start(topology.Broker);
        using var client = topology.Client(timeout: TimeSpan.FromSeconds(15));
        var accepted = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(() => SendUntilStopped(client, accepted, stop.Token))).ToList();
        await Eventually.True(() => accepted.Count >= 100, "deliveries are accepted through the gateway");

        topology.Kill("ingestion");
        var acceptedBeforeRestart = accepted.Count;
        await topology.Restart("ingestion");
        await Eventually.True(() => accepted.Count >= acceptedBeforeRestart + 100, "deliveries are accepted again after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        await Eventually.True(() => accepted.All(id => subscriber.Received.Any(r => r.DeliveryId == id)),
            "every accepted delivery reached the subscriber", TimeSpan.FromSeconds(60));
        var publications = subscriber.Received.GroupBy(r => r.DeliveryId).ToDictionary(g => g.Key, g => g.Select(r => r.MessageId).Distinct().Count());
        Assert.All(accepted, id => Assert.Equal(1, publications[id]));
    }

    /// <summary>Keeps a sender from spinning on errors while ingestion is down.</summary>
    static Task Pace(CancellationToken stop) => Task.Delay(TimeSpan.FromMilliseconds(50), stop).ContinueWith(_ => { }, TaskScheduler.Default);

    static async Task SendUntilStopped(HttpClient client, ConcurrentBag<string> accepted, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var deliveryId = Guid.NewGuid().ToString();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(Payload) };
            request.Headers.Add("X-GitHub-Event", "workflow_job");
            request.Headers.Add("X-GitHub-Delivery", deliveryId);
            request.Headers.Add("X-Hub-Signature-256", GitHubWebhookSigner.Sign(DistributedTopology.WebhookSecret, Payload));
            try
            {
                using var response = await client.SendAsync(request, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Accepted)
                    accepted.Add(deliveryId);
                else if (response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"unexpected {response.StatusCode} for a new delivery");
                else
                    await Pace(stop);
            }
            catch (HttpRequestException)
            {
                // The gateway or ingestion is down for a moment: GitHub would see a failed delivery; so do we. Not accepted.
                await Pace(stop);
            }
        }
    }
}
