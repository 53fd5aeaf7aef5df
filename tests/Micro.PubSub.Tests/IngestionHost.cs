using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MassTransit;
using Micro.Contracts.Workflows;
using Micro.Ingestion;
using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Micro.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.PubSub.Tests;

/// <summary>The ingestion service on a real port with, downstream on its bus, a consumer that records the workflow requests it publishes.</summary>
public sealed class IngestionHost : IAsyncDisposable
{
    readonly TestWebHost host;

    IngestionHost(TestWebHost host) => this.host = host;

    public Uri Address => host.Address;

    public HttpClient Client => host.Client;

    public IServiceProvider Services => host.Services;

    public IReadOnlyList<WorkflowRequested> Requested => host.Services.GetRequiredService<RequestedWorkflows>().All;

    public static async Task<IngestionHost> Start(IDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?> { ["GitHub:AllowUnsignedWebhooks"] = "true" };
        foreach (var (key, value) in settings)
            all[key] = value;

        var host = await TestWebHost.Start(all, micro => micro.Add(new IngestionModule()).Add("workflow-recorder", recorder =>
        {
            recorder.Services.AddSingleton<RequestedWorkflows>();
            recorder.AddConsumer<WorkflowRecorder>(endpoint => endpoint.Name = $"workflow-recorder-{Guid.NewGuid():N}");
        }));
        return new IngestionHost(host);
    }

    /// <summary>Pushes <paramref name="body"/> as Pub/Sub does, with <paramref name="token"/> as its OIDC token when given.</summary>
    public Task<HttpResponseMessage> Push(string body, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/pubsub") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Client.SendAsync(request);
    }

    /// <summary>A push body in Pub/Sub's wrapped format, as the emulator sends it.</summary>
    public static string Envelope(string messageId, string data, IReadOnlyDictionary<string, string>? attributes = null, string subscription = "projects/p1/subscriptions/workflows") =>
        JsonSerializer.Serialize(new
        {
            message = new
            {
                data = Convert.ToBase64String(Encoding.UTF8.GetBytes(data)),
                attributes = attributes ?? new Dictionary<string, string>(),
                messageId,
                message_id = messageId,
                publishTime = "2026-11-30T12:00:00.000Z",
            },
            subscription,
        });

    public async Task<List<Delivery>> PubSubDeliveries()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<IngestionDbContext>>().CreateDbContextAsync();
        return await db.Deliveries.AsNoTracking().Where(d => d.Event == "pubsub").ToListAsync();
    }

    /// <summary>The outbox rows of a delivery: an event waiting to be published.</summary>
    public async Task<List<PendingPublication>> PendingPublicationsOf(string deliveryId)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<IngestionDbContext>>().CreateDbContextAsync();
        return await db.PendingPublications.AsNoTracking().Where(p => p.DeliveryId == deliveryId).ToListAsync();
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}

public sealed class RequestedWorkflows
{
    readonly ConcurrentQueue<WorkflowRequested> received = new();

    public IReadOnlyList<WorkflowRequested> All => received.ToList();

    public void Add(WorkflowRequested message) => received.Enqueue(message);
}

public sealed class WorkflowRecorder(RequestedWorkflows recorded) : IConsumer<WorkflowRequested>
{
    public Task Consume(ConsumeContext<WorkflowRequested> context)
    {
        recorded.Add(context.Message);
        return Task.CompletedTask;
    }
}
