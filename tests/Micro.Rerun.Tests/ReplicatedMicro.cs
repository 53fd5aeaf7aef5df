using MassTransit;
using Micro.Ingestion;
using Micro.Testing;
using Micro.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Rerun.Tests;

/// <summary>
/// The distributed shape on the real broker and database: ingestion, and two replicas of the rerun service sharing one PostgreSQL
/// database and competing on one queue, with a fake GitHub behind them, in a virtual host of their own so that other suites on the
/// shared broker neither steal nor leave behind their events.
/// </summary>
public sealed class ReplicatedMicro : IAsyncDisposable
{
    readonly PostgresDatabase ingestionDatabase;
    readonly PostgresDatabase rerunDatabase;
    readonly TestWebHost ingestion;
    readonly IReadOnlyList<TestWebHost> replicas;
    readonly RabbitMqVirtualHost virtualHost;

    ReplicatedMicro(PostgresDatabase ingestionDatabase, PostgresDatabase rerunDatabase, TestWebHost ingestion, IReadOnlyList<TestWebHost> replicas, FakeGitHub gitHub,
        RabbitMqVirtualHost virtualHost)
    {
        this.virtualHost = virtualHost;
        this.ingestionDatabase = ingestionDatabase;
        this.rerunDatabase = rerunDatabase;
        this.ingestion = ingestion;
        this.replicas = replicas;
        GitHub = gitHub;
    }

    public FakeGitHub GitHub { get; }

    /// <summary>Where GitHub's webhooks go.</summary>
    public HttpClient Ingestion => ingestion.Client;

    public IReadOnlyList<HttpClient> Replicas => replicas.Select(replica => replica.Client).ToList();

    /// <summary>Run events each replica has consumed.</summary>
    public IReadOnlyList<int> Consumed => replicas.Select(replica => replica.Services.GetRequiredService<ConsumedRunEvents>().Count).ToList();

    public static async Task<ReplicatedMicro> Start(int replicaCount = 2)
    {
        var gitHub = await FakeGitHub.Start();
        var virtualHost = await RabbitMqVirtualHost.Create("rerun-storm");
        var ingestionDatabase = PostgresDatabase.Reserve("ingestion");
        var rerunDatabase = PostgresDatabase.Reserve("rerun");
        var broker = new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = virtualHost.ConnectionString,
            ["Database:Provider"] = "Postgres",
        };

        var ingestion = await TestWebHost.Start(new Dictionary<string, string?>(broker)
        {
            ["ConnectionStrings:Ingestion"] = ingestionDatabase.ConnectionString,
            ["GitHub:WebhookSecrets:0"] = RerunApiCalls.WebhookSecret,
        }, micro => micro.Add(new IngestionModule()));

        var replicas = new List<TestWebHost>();
        for (var i = 0; i < replicaCount; i++)
        {
            replicas.Add(await TestWebHost.Start(new Dictionary<string, string?>(broker)
            {
                ["ConnectionStrings:Rerun"] = rerunDatabase.ConnectionString,
                ["GitHub:ApiUrl"] = gitHub.ApiUrl.ToString(),
                ["GitHub:Token"] = FakeGitHub.Token,
                ["Rerun:Delay"] = "00:00:00",
                ["Rerun:PollInterval"] = "00:00:00.100",
                ["Rerun:RecheckInterval"] = "00:00:00.200",
                ["Rerun:GitHubAttempts"] = "100",
            }, micro =>
            {
                micro.Add(new RerunModule());
                micro.Services.AddSingleton<ConsumedRunEvents>();
                micro.Services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumedRunEvents>());
            }));
        }

        foreach (var replica in replicas)
            await replica.Services.WaitUntilBusHealthy();
        return new ReplicatedMicro(ingestionDatabase, rerunDatabase, ingestion, replicas, gitHub, virtualHost);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in replicas)
            await replica.DisposeAsync();
        await ingestion.DisposeAsync();
        await GitHub.DisposeAsync();
        await rerunDatabase.DisposeAsync();
        await ingestionDatabase.DisposeAsync();
        await virtualHost.DisposeAsync();
    }
}
