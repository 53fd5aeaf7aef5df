using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Micro.Testing;

/// <summary>
/// The gateway, ingestion and the PR-lock service as separate processes, started by <c>deploy/local/distributed.sh</c> (the script a user runs) against
/// the test RabbitMQ and PostgreSQL, each run with its own ports, databases and run directory.
/// </summary>
public sealed class DistributedTopology : IAsyncDisposable
{
    public const string WebhookSecret = "end-to-end-secret";

    /// <summary>The pipeline token the gateway is started with (<c>MICRO_API_TOKEN</c>).</summary>
    public const string ApiToken = "end-to-end-pipeline-token";

    /// <summary>The admin token the gateway is started with (<c>MICRO_ADMIN_TOKEN</c>).</summary>
    public const string AdminToken = "end-to-end-admin-token";

    readonly Dictionary<string, string> environment;
    readonly string runDirectory;
    readonly string databasePrefix;
    readonly RabbitMqVirtualHost broker;

    DistributedTopology(Dictionary<string, string> environment, string runDirectory, string databasePrefix, RabbitMqVirtualHost broker, Uri gateway)
    {
        this.environment = environment;
        this.runDirectory = runDirectory;
        this.databasePrefix = databasePrefix;
        this.broker = broker;
        Gateway = gateway;
    }

    public Uri Gateway { get; }

    /// <summary>The topology's own virtual host on the test broker, for a test's subscriber to listen where the services publish.</summary>
    public string Broker => broker.ConnectionString;

    /// <summary>
    /// Starts every process. <paramref name="settings"/> are added to their environment (as a user's shell would pass them), e.g.
    /// <c>GitHub__ApiUrl</c> to point the services at a fake GitHub.
    /// </summary>
    public static async Task<DistributedTopology> Start(IReadOnlyDictionary<string, string>? settings = null)
    {
        var broker = await RabbitMqVirtualHost.Create("e2e");
        var runDirectory = Directory.CreateTempSubdirectory("micro-e2e-").FullName;
        var databasePrefix = $"e2e_{Guid.NewGuid():N}"[..16];
        var environment = new Dictionary<string, string>
        {
            ["MICRO_RUN_DIR"] = runDirectory,
            ["MICRO_GATEWAY_PORT"] = ServiceProcess.FreePort().ToString(),
            ["MICRO_INGESTION_PORT"] = ServiceProcess.FreePort().ToString(),
            ["MICRO_RERUN_PORT"] = ServiceProcess.FreePort().ToString(),
            ["MICRO_PRLOCK_PORT"] = ServiceProcess.FreePort().ToString(),
            ["MICRO_RUNNERS_PORT"] = ServiceProcess.FreePort().ToString(),
            ["MICRO_GITWORKFLOW_PORT"] = ServiceProcess.FreePort().ToString(),
            ["MICRO_POSTGRES"] = TestInfrastructure.PostgresAdmin,
            ["MICRO_RABBITMQ"] = broker.ConnectionString,
            ["MICRO_DATABASE_PREFIX"] = databasePrefix,
            ["MICRO_CONFIGURATION"] = ServiceProcess.BuildConfiguration,
            ["MICRO_SKIP_BUILD"] = "1",
            ["GITHUB_WEBHOOK_SECRET"] = WebhookSecret,
            ["MICRO_API_TOKEN"] = ApiToken,
            ["MICRO_ADMIN_TOKEN"] = AdminToken,
            // The operator provides it (the script keeps no secret on disk); a new one per topology, as a careful operator's would be.
            ["MICRO_INTERNAL_TOKEN"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;

        // A test may choose the gateway's port itself (MICRO_GATEWAY_PORT), to give its URL to a service that hands it out.
        var gateway = new Uri($"http://127.0.0.1:{environment["MICRO_GATEWAY_PORT"]}");
        var topology = new DistributedTopology(environment, runDirectory, databasePrefix, broker, gateway);
        try
        {
            await topology.Script("start");
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }

        return topology;
    }

    /// <summary>A client of the gateway that sends <paramref name="token"/> (the pipeline token unless told otherwise).</summary>
    public HttpClient Client(string token = ApiToken, TimeSpan? timeout = null) => new()
    {
        BaseAddress = Gateway,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    /// <summary>A service's own address, bypassing the gateway.</summary>
    public Uri Service(string service) => new($"http://127.0.0.1:{environment[$"MICRO_{service.ToUpperInvariant()}_PORT"]}");

    /// <summary>What the service has written to its log so far, for a failing test to show.</summary>
    public string Log(string service) => File.ReadAllText(Path.Combine(runDirectory, $"{service}.log"));

    public int ProcessId(string service) => int.Parse(File.ReadAllText(Path.Combine(runDirectory, $"{service}.pid")).Trim());

    /// <summary>Kills the service as a crash or OOM-killer would: SIGKILL, no shutdown hooks.</summary>
    public void Kill(string service)
    {
        using var process = Process.GetProcessById(ProcessId(service));
        process.Kill();
        process.WaitForExit();
    }

    public Task Restart(string service) => Script("start-service", service);

    public async ValueTask DisposeAsync()
    {
        await Script("stop");
        await using var ingestion = PostgresDatabase.Existing($"{databasePrefix}_ingestion");
        await using var rerun = PostgresDatabase.Existing($"{databasePrefix}_rerun");
        await using var prLock = PostgresDatabase.Existing($"{databasePrefix}_prlock");
        await using var gitWorkflow = PostgresDatabase.Existing($"{databasePrefix}_gitworkflow");
        await using var runnerBroker = PostgresDatabase.Existing($"{databasePrefix}_runnerbroker");
        Directory.Delete(runDirectory, recursive: true);
        await broker.DisposeAsync();
    }

    Task Script(params string[] arguments) =>
        Command.Succeed("bash", [Path.Combine(SourceTree.Root, "deploy", "local", "distributed.sh"), .. arguments],
            environment.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)), TimeSpan.FromMinutes(3));
}
