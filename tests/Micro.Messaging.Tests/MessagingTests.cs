using System.Collections.Concurrent;
using MassTransit;
using Micro.Hosting;
using Micro.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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
    TestWebHost host = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = TestInfrastructure.RabbitMq,
            ["Messaging:RetryLimit"] = "3",
        };
        // A module without a database keeps no failed messages: what the retries cannot mend goes to the error queue.
        host = await TestWebHost.Start(settings, micro =>
        {
            micro.Web.Logging.AddProvider(logs);
            micro.Add("charges", module =>
            {
                module.Services.AddSingleton(attempts);
                module.AddConsumer<ChargeCardConsumer>(endpoint => endpoint.Name = queue);
            });
        });
        await host.Services.WaitUntilBusHealthy();
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
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
        var micro = MicroHostBuilder.Create(new WebApplicationOptions { EnvironmentName = "Testing" });
        micro.Configuration["Messaging:Transport"] = "RabbitMq";
        micro.Add("publisher", module => module.UseBus());
        using var invalid = micro.Build();

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
