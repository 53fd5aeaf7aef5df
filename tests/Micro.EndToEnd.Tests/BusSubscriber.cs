using System.Collections.Concurrent;
using MassTransit;
using Micro.Contracts.GitHub;
using Micro.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.EndToEnd.Tests;

/// <summary>A downstream service on the real broker, in its own process-local bus: records each workflow job event it receives.</summary>
public sealed class BusSubscriber : IAsyncDisposable
{
    readonly ServiceProvider provider;
    readonly IBusControl bus;

    BusSubscriber(ServiceProvider provider)
    {
        this.provider = provider;
        bus = provider.GetRequiredService<IBusControl>();
    }

    public ConcurrentQueue<(string DeliveryId, Guid? MessageId)> Received => provider.GetRequiredService<ConcurrentQueue<(string, Guid?)>>();

    /// <summary>Listens on <paramref name="connectionString"/> (an amqp:// URI with the virtual host as its path).</summary>
    public static async Task<BusSubscriber> Start(string connectionString)
    {
        var broker = new Uri(connectionString);
        var virtualHost = Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/')) is { Length: > 0 } path ? path : "/";
        var services = new ServiceCollection();
        services.AddSingleton(new ConcurrentQueue<(string, Guid?)>());
        services.AddMassTransit(x =>
        {
            x.AddConsumer<JobRecorder>().Endpoint(e =>
            {
                e.Name = $"e2e-subscriber-{Guid.NewGuid():N}";
                e.Temporary = true;
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(broker.Host, (ushort)broker.Port, virtualHost, host =>
                {
                    host.Username("guest");
                    host.Password("guest");
                });
                cfg.ConfigureEndpoints(context);
            });
        });

        var subscriber = new BusSubscriber(services.BuildServiceProvider());
        await subscriber.bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        await bus.StopAsync();
        await provider.DisposeAsync();
    }

    sealed class JobRecorder(ConcurrentQueue<(string, Guid?)> received) : IConsumer<WorkflowJobEvent>
    {
        public Task Consume(ConsumeContext<WorkflowJobEvent> context)
        {
            received.Enqueue((context.Message.Origin.DeliveryId, context.MessageId));
            return Task.CompletedTask;
        }
    }
}
