using System.Net;
using Micro.Ingestion.Webhooks;
using Micro.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Ingestion.Tests;

/// <summary>
/// Senders that declare large bodies and send little cost what they sent, not what they declared, and cannot take every turn to be
/// read. Alone in their collection: they measure the memory of this process.
/// </summary>
[Collection(nameof(SlowSenderTests))]
[CollectionDefinition(nameof(SlowSenderTests), DisableParallelization = true)]
public sealed class SlowSenderTests : IAsyncLifetime
{
    readonly string directory = Directory.CreateTempSubdirectory("micro-slow-senders-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_hundred_stalled_senders_declaring_25_MiB_each_hold_less_than_200_MB_and_a_delivery_still_gets_through()
    {
        await using var service = await Start(new() { ["GitHub:MaxConcurrentReads"] = "256" });
        var gate = service.Services.GetRequiredService<WebhookReadGate>();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stalled = new List<StalledSender>();
        try
        {
            stalled.AddRange(await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => StalledSender.Start(service.Client.BaseAddress!, 25 * 1024 * 1024, 1024))));
            await Eventually.True(() => gate.Reading == 200, "every stalled body is being read");

            var held = GC.GetTotalMemory(forceFullCollection: true) - before;
            var delivery = await service.Deliver("push", WebhookPayloads.Read("push", "payload.json"));

            Assert.True(held < 200_000_000, $"{held / 1_000_000} MB held by 200 bodies of 1 KiB");
            Assert.Equal(HttpStatusCode.Accepted, delivery.StatusCode);
        }
        finally
        {
            stalled.ForEach(sender => sender.Dispose());
        }
    }

    [Fact]
    public async Task Beyond_the_concurrent_reads_a_delivery_waits_briefly_then_gets_503_with_Retry_After()
    {
        await using var service = await Start(new() { ["GitHub:MaxConcurrentReads"] = "2", ["GitHub:ReadQueueTimeout"] = "00:00:00.200" });
        var gate = service.Services.GetRequiredService<WebhookReadGate>();
        var body = WebhookPayloads.Read("push", "payload.json");
        var stalled = new List<StalledSender>();
        try
        {
            stalled.AddRange(await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => StalledSender.Start(service.Client.BaseAddress!, 10_000, 100))));
            await Eventually.True(() => gate.Reading == 2, "both stalled bodies are being read");

            var refused = await service.Deliver("push", body);

            await WebhookIngestionContract.AssertProblem(refused, HttpStatusCode.ServiceUnavailable, "Too many deliveries at once");
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, refused.Headers.RetryAfter?.ToString());
        }
        finally
        {
            stalled.ForEach(sender => sender.Dispose());
        }

        await Eventually.True(async () => (await service.Deliver("push", body)).StatusCode == HttpStatusCode.Accepted,
            "a delivery is read once the stalled senders are gone");
    }

    Task<IngestionService> Start(Dictionary<string, string?> settings)
    {
        settings["Database:Provider"] = "Sqlite";
        settings["Database:DataDirectory"] = directory;
        settings["Messaging:Transport"] = "InMemory";
        return IngestionService.Start(settings);
    }
}
