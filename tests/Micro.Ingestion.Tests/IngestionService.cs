using System.Net.Http.Headers;
using System.Text;
using MassTransit;
using Micro.Messaging;
using Micro.ServiceDefaults;
using Micro.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Ingestion.Tests;

/// <summary>The ingestion service on a real port, with a recorder downstream on its bus, and a client that signs like GitHub.</summary>
public sealed class IngestionService : IAsyncDisposable
{
    public const string Secret = "test-webhook-secret";

    readonly TestWebHost host;

    IngestionService(TestWebHost host) => this.host = host;

    public HttpClient Client => host.Client;

    public IServiceProvider Services => host.Services;

    public RecordedEvents Recorded => host.Services.GetRequiredService<RecordedEvents>();

    public static async Task<IngestionService> Start(IDictionary<string, string?> settings)
    {
        var defaults = new Dictionary<string, string?> { ["GitHub:WebhookSecrets:0"] = Secret };
        foreach (var (key, value) in settings)
            defaults[key] = value;

        var recorderQueue = $"event-recorder-{Guid.NewGuid():N}";
        var host = await TestWebHost.Start(defaults, builder =>
        {
            builder.AddServiceDefaults();
            builder.AddInternalCallers();
            builder.AddIngestion();
            builder.Services.AddSingleton<RecordedEvents>();
            builder.AddBusParticipant(bus => bus.AddConsumer<EventRecorder>().Endpoint(endpoint =>
            {
                endpoint.Name = recorderQueue;
                endpoint.Temporary = true;
            }));
            builder.AddMessaging();
        }, app =>
        {
            app.UseServiceDefaults();
            app.MapIngestion();
        });
        return new IngestionService(host);
    }

    public Task<HttpResponseMessage> Deliver(string eventName, string body, string? deliveryId = null, string secret = Secret) =>
        Deliver(eventName, Encoding.UTF8.GetBytes(body), deliveryId ?? Guid.NewGuid().ToString(), GitHubWebhookSigner.Sign(secret, Encoding.UTF8.GetBytes(body)));

    public Task<HttpResponseMessage> Deliver(string? eventName, byte[] body, string? deliveryId, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (eventName is not null)
            request.Headers.Add("X-GitHub-Event", eventName);
        if (deliveryId is not null)
            request.Headers.Add("X-GitHub-Delivery", deliveryId);
        if (signature is not null)
            request.Headers.Add("X-Hub-Signature-256", signature);
        return Client.SendAsync(request);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
