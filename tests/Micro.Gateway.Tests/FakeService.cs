using System.Collections.Concurrent;
using Micro.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Micro.Gateway.Tests;

/// <summary>What a destination saw of one request.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, int BodyLength);

/// <summary>A service behind the gateway, on its own Kestrel port: records what reaches it and answers 202 with its name.</summary>
public sealed class FakeService : IAsyncDisposable
{
    readonly TestWebHost host;

    FakeService(string name, TestWebHost host, ConcurrentQueue<ReceivedRequest> received)
    {
        Name = name;
        this.host = host;
        Received = received;
    }

    public string Name { get; }

    public Uri Address => host.Address;

    public ConcurrentQueue<ReceivedRequest> Received { get; }

    public static async Task<FakeService> Start(string name)
    {
        var received = new ConcurrentQueue<ReceivedRequest>();
        // Its health endpoints are the service defaults' own; everything else is recorded.
        var host = await TestWebHost.Start(new Dictionary<string, string?>(), micro => micro.Add(name, _ => { }, app =>
            app.Map("/{**path}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                received.Enqueue(new ReceivedRequest(
                    context.Request.Method,
                    context.Request.Path + context.Request.QueryString,
                    context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                    (int)body.Length));
                return Results.Json(new { destination = name }, statusCode: StatusCodes.Status202Accepted);
            })));
        return new FakeService(name, host, received);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
