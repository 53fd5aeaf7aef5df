using Micro.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micro.PubSub.Tests;

/// <summary>A <see cref="PubSubClient"/> as a Micro host builds it, pointed at the emulator in a project of the test's own.</summary>
public sealed class EmulatorClient : IDisposable
{
    readonly IHost host;

    EmulatorClient(IHost host, string project)
    {
        this.host = host;
        Project = project;
    }

    public string Project { get; }

    public PubSubClient Client => host.Services.GetRequiredService<PubSubClient>();

    public static EmulatorClient Create(string? project = null, IDictionary<string, string?>? overrides = null)
    {
        project ??= PubSubEmulator.NewProject();
        var settings = PubSubEmulator.Settings(project);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPubSubClient();
        return new EmulatorClient(builder.Build(), project);
    }

    /// <summary>A topic with a pull subscription to it.</summary>
    public async Task<(string Topic, string Subscription)> TopicWithSubscription(string name, TimeSpan? ackDeadline = null)
    {
        await Client.CreateTopic(name, CancellationToken.None);
        await Client.CreateSubscription($"{name}-pull", name, ackDeadline ?? TimeSpan.FromSeconds(10), CancellationToken.None);
        return (name, $"{name}-pull");
    }

    /// <summary>Pulls until at least <paramref name="count"/> messages have come.</summary>
    public async Task<List<ReceivedMessage>> PullAtLeast(string subscription, int count)
    {
        var received = new List<ReceivedMessage>();
        await Eventually.True(async () =>
        {
            received.AddRange(await Client.Pull(subscription, 10, CancellationToken.None));
            return received.Count >= count;
        }, $"{count} message(s) arrive on {subscription}");
        return received;
    }

    public void Dispose() => host.Dispose();
}
