using Micro.Testing;

namespace Micro.Benchmarks;

/// <summary>A system under load: where to send webhooks, and how to take it down afterwards.</summary>
sealed class RunningTarget(Uri webhookUrl, Func<ValueTask> stop) : IAsyncDisposable
{
    public Uri WebhookUrl { get; } = webhookUrl;

    public ValueTask DisposeAsync() => stop();
}

static class Targets
{
    public static async Task<RunningTarget> Start(string target, BenchmarkSettings settings)
    {
        switch (target)
        {
            case "bare":
                var bare = await BareEndpoint.Start();
                return new RunningTarget(new Uri(bare.Address, "/webhooks/github"), bare.DisposeAsync);

            case "standalone":
                var directory = Directory.CreateTempSubdirectory("micro-benchmark-").FullName;
                var standalone = await ServiceProcess.Start(
                    $"services/Standalone/Micro.Standalone/bin/{settings.Configuration}/net10.0/Micro.Standalone.dll",
                    new Dictionary<string, string> { ["GITHUB_WEBHOOK_SECRET"] = DistributedTopology.WebhookSecret, ["Logging__LogLevel__Default"] = "Warning" },
                    directory);
                return new RunningTarget(new Uri(standalone.Address, "/webhooks/github"), async () =>
                {
                    await standalone.DisposeAsync();
                    Directory.Delete(directory, recursive: true);
                });

            case "distributed":
                var topology = await DistributedTopology.Start(settings.Configuration);
                return new RunningTarget(new Uri(topology.Gateway, "/webhooks/github"), topology.DisposeAsync);

            case var url when Uri.TryCreate(url, UriKind.Absolute, out var running):
                return new RunningTarget(new Uri(running, "/webhooks/github"), () => ValueTask.CompletedTask);

            default:
                throw new ArgumentException($"unknown target '{target}': use bare, standalone, distributed or the URL of a running Micro");
        }
    }
}
