using MassTransit;
using Micro.Ingestion;
using Micro.Messaging;
using Micro.ServiceDefaults;
using Micro.Testing;
using Micro.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Micro.Rerun.Tests;

/// <summary>
/// The distributed shape on the real broker and database: ingestion, and two replicas of the rerun service sharing one PostgreSQL
/// database and competing on one queue, with a fake GitHub behind them. The queue gets a name of its own and goes away with the test,
/// so runs on a shared broker do not steal each other's events.
/// </summary>
public sealed class ReplicatedMicro : IAsyncDisposable
{
    readonly PostgresDatabase ingestionDatabase;
    readonly PostgresDatabase rerunDatabase;
    readonly TestWebHost ingestion;
    readonly IReadOnlyList<TestWebHost> replicas;

    ReplicatedMicro(PostgresDatabase ingestionDatabase, PostgresDatabase rerunDatabase, TestWebHost ingestion, IReadOnlyList<TestWebHost> replicas, FakeGitHub gitHub)
    {
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
        var ingestionDatabase = PostgresDatabase.Reserve("ingestion");
        var rerunDatabase = PostgresDatabase.Reserve("rerun");
        var broker = new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = TestInfrastructure.RabbitMq,
            ["Database:Provider"] = "Postgres",
        };

        var ingestion = await TestWebHost.Start(new Dictionary<string, string?>(broker)
        {
            ["ConnectionStrings:Ingestion"] = ingestionDatabase.ConnectionString,
            ["GitHub:WebhookSecrets:0"] = RerunApiCalls.WebhookSecret,
        }, builder =>
        {
            builder.AddServiceDefaults();
            builder.AddIngestion();
            builder.AddMessaging();
        }, app =>
        {
            app.UseServiceDefaults();
            app.MapIngestion();
        });

        var queuePrefix = $"rerun-test-{Guid.NewGuid():N}"[..20];
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
            }, builder =>
            {
                builder.AddServiceDefaults();
                builder.AddRerun();
                builder.Services.AddSingleton<ConsumedRunEvents>();
                builder.Services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumedRunEvents>());
                builder.AddBusParticipant(bus => bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator queue)
                        queue.AutoDelete = true;
                }));
                builder.AddMessaging();
                builder.Services.Replace(ServiceDescriptor.Singleton<IEndpointNameFormatter>(new KebabCaseEndpointNameFormatter(queuePrefix, false)));
            }, app =>
            {
                app.UseServiceDefaults();
                app.MapRerun();
            }));
        }

        foreach (var replica in replicas)
            await replica.Services.WaitUntilBusHealthy();
        return new ReplicatedMicro(ingestionDatabase, rerunDatabase, ingestion, replicas, gitHub);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in replicas)
            await replica.DisposeAsync();
        await ingestion.DisposeAsync();
        await GitHub.DisposeAsync();
        await rerunDatabase.DisposeAsync();
        await ingestionDatabase.DisposeAsync();
    }
}
