using System.Collections.Concurrent;
using Micro.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Micro.PubSub.Tests;

/// <summary>
/// Which calls a transient failure repeats, against a Pub/Sub that answers each call's first attempt 503 (as Google does when a
/// frontend is briefly unavailable): a pull is safe to repeat and succeeds on the second attempt; a publish is not repeated,
/// since the first may have been stored and a repeat would publish the message again under a new id.
/// </summary>
public sealed class RepeatTests : IAsyncLifetime
{
    readonly ConcurrentDictionary<string, int> attempts = new();
    WebApplication? server;
    EmulatorClient? client;

    public async Task InitializeAsync()
    {
        var (app, address) = await LoopbackServer.Start(app => app.MapPost("/v1/{**call}", (string call) =>
            attempts.AddOrUpdate(call, 1, (_, seen) => seen + 1) == 1
                ? Results.Json(new { error = new { code = 503, status = "UNAVAILABLE", message = "try again" } }, statusCode: 503)
                : call.EndsWith(":pull", StringComparison.Ordinal)
                    ? Results.Json(new { receivedMessages = Array.Empty<object>() })
                    : Results.Json(new { messageIds = new[] { "1" } })));
        server = app;
        client = EmulatorClient.Create("repeats", new Dictionary<string, string?>
        {
            ["PubSub:EmulatorHost"] = $"{address.Host}:{address.Port}",
            ["PubSub:RetryDelay"] = "00:00:00.010",
        });
    }

    [Fact]
    public async Task A_pull_answered_503_is_repeated_and_succeeds()
    {
        var messages = await client!.Client.Pull("work", 10, CancellationToken.None);

        Assert.Empty(messages);
        Assert.Equal(2, attempts["projects/repeats/subscriptions/work:pull"]);
    }

    [Fact]
    public async Task A_publish_answered_503_is_not_repeated_and_says_to_retry_later()
    {
        var error = await Assert.ThrowsAsync<PubSubException>(() => client!.Client.Publish("events", PubSubMessage.OfText("x"), CancellationToken.None));

        Assert.True(error.Retryable);
        Assert.Equal(1, attempts["projects/repeats/topics/events:publish"]);
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (server is not null)
            await server.DisposeAsync();
    }
}
