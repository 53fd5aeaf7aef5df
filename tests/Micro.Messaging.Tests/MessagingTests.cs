using System.Collections.Concurrent;
using MassTransit;
using Micro.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Micro.Messaging.Tests;

/// <summary>What AddMessaging gives every service on the real broker: retries for transient failures, and error queues for poison.</summary>
public sealed class MessagingTests : IAsyncLifetime
{
    readonly string queue = $"charge-card-{Guid.NewGuid():N}";
    readonly RecordedLogs logs = new();
    readonly ConcurrentDictionary<Guid, int> attempts = new();
    IHost host = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration["Messaging:Transport"] = "RabbitMq";
        builder.Configuration["ConnectionStrings:RabbitMq"] = TestInfrastructure.RabbitMq;
        builder.Configuration["Messaging:RetryLimit"] = "3";
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton(attempts);
        builder.AddBusParticipant(bus => bus.AddConsumer<ChargeCardConsumer>().Endpoint(endpoint => endpoint.Name = queue));
        builder.AddMessaging();
        host = builder.Build();
        await host.StartAsync();
        await host.Services.WaitUntilBusHealthy();
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await using var channel = await Broker();
        await channel.QueueDeleteAsync(queue);
        await channel.QueueDeleteAsync(queue + "_error");
    }

    [Fact]
    public async Task A_transient_failure_is_retried_until_it_succeeds()
    {
        var order = Guid.NewGuid();

        await Bus.Publish(new ChargeCard(order, FailuresBeforeSuccess: 2));

        await Eventually.True(() => attempts.GetValueOrDefault(order) == 3, "the third attempt ran");
        Assert.Equal(0u, await ErrorQueueDepth());
    }

    [Fact]
    public async Task A_poison_message_ends_in_the_error_queue_and_in_the_logs()
    {
        var order = Guid.NewGuid();

        await Bus.Publish(new ChargeCard(order, FailuresBeforeSuccess: int.MaxValue));

        await Eventually.True(async () => await ErrorQueueDepth() == 1, $"the message is in {queue}_error");
        Assert.Equal(4, attempts[order]);
        Assert.Contains(logs.Entries, entry => entry.Level >= LogLevel.Error && entry.Exception?.Message.Contains(order.ToString()) == true);
    }

    [Fact]
    public void RabbitMq_without_a_connection_string_refuses_to_start_and_names_the_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration["Messaging:Transport"] = "RabbitMq";
        builder.AddMessaging();
        using var invalid = builder.Build();

        var failure = Assert.Throws<OptionsValidationException>(() => invalid.Services.GetRequiredService<IOptions<MessagingOptions>>().Value);

        Assert.Contains("ConnectionStrings:RabbitMq", failure.Message);
    }

    IBus Bus => host.Services.GetRequiredService<IBus>();

    async Task<uint> ErrorQueueDepth()
    {
        await using var channel = await Broker();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue + "_error")).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }

    static async Task<IChannel> Broker()
    {
        var connection = await new ConnectionFactory { Uri = new Uri(TestInfrastructure.RabbitMq) }.CreateConnectionAsync();
        return await connection.CreateChannelAsync();
    }
}
