using System.Globalization;
using Micro.Testing;
using Npgsql;

namespace Micro.Benchmarks;

/// <summary>
/// The distributed topology as <c>deploy/local/distributed.sh</c> starts it (gateway and ingestion as separate processes, RabbitMQ,
/// PostgreSQL), on free ports, with a run directory and databases of its own; the load goes through the gateway.
/// RabbitMQ and PostgreSQL come from <c>MICRO_RABBITMQ</c>/<c>MICRO_POSTGRES</c>, else from <c>deploy/local/deps.sh</c>, which
/// distributed.sh starts when they are not up: whichever of the two this run started, it stops again (as test.sh does); those
/// already running are left alone.
/// </summary>
sealed class DistributedTarget : IBenchmarkTarget
{
    static readonly string Script = Path.Combine(SourceTree.Root, "deploy", "local", "distributed.sh");
    static readonly string Dependencies = Path.Combine(SourceTree.Root, "deploy", "local", "deps.sh");
    static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    readonly Dictionary<string, string> environment;
    readonly string runDirectory;
    readonly string database;
    readonly IReadOnlyList<string> startedDependencies;
    bool running = true;

    DistributedTarget(Dictionary<string, string> environment, string runDirectory, string database, IReadOnlyList<string> startedDependencies)
    {
        this.environment = environment;
        this.runDirectory = runDirectory;
        this.database = database;
        this.startedDependencies = startedDependencies;
        WebhookUrl = new Uri($"http://127.0.0.1:{environment["MICRO_GATEWAY_PORT"]}/webhooks/github");
    }

    public Uri WebhookUrl { get; }

    public IReadOnlyDictionary<int, string> Processes { get; private set; } = new Dictionary<int, string>();

    public static async Task<IBenchmarkTarget> Start(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var gateway = Path.Combine(SourceTree.Root, "services", "Gateway", "Micro.Gateway", "bin", options.Configuration, "net10.0",
            "Micro.Gateway.dll");
        if (!File.Exists(gateway))
            throw new InvalidOperationException($"{gateway} is missing: build first (dotnet build Micro.sln -c {options.Configuration})");

        var prefix = $"bench_{Guid.NewGuid():N}"[..16];
        var runDirectory = Directory.CreateTempSubdirectory("micro-benchmark-distributed-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["MICRO_RUN_DIR"] = runDirectory,
            ["MICRO_GATEWAY_PORT"] = ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["MICRO_INGESTION_PORT"] = ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["MICRO_DATABASE_PREFIX"] = prefix,
            ["MICRO_SKIP_BUILD"] = "1",
            ["MICRO_CONFIGURATION"] = options.Configuration,
            ["GITHUB_WEBHOOK_SECRET"] = options.Secret,
            // Only webhooks are sent; the gateway still needs an API token (or an open API chosen explicitly) to start.
            ["MICRO_API_TOKEN"] = Guid.NewGuid().ToString("N"),
        };

        var started = await DependenciesToStart();
        var target = new DistributedTarget(environment, runDirectory, $"{prefix}_ingestion", started);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ChildProcess.Run(Script, ["start"], environment, ScriptTimeout);
            target.Processes = new Dictionary<int, string>
            {
                [target.ProcessId("gateway")] = "gateway",
                [target.ProcessId("ingestion")] = "ingestion",
            };
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>Which of deps.sh's servers distributed.sh is about to start because they are needed and not up.</summary>
    static async Task<IReadOnlyList<string>> DependenciesToStart()
    {
        if (Configured("MICRO_POSTGRES") && Configured("MICRO_RABBITMQ"))
            return [];

        var status = new List<string>();
        var output = await StatusOf();
        if (!Configured("MICRO_POSTGRES") && !output.Contains("postgres: up", StringComparison.Ordinal))
            status.Add("postgres");
        if (!Configured("MICRO_RABBITMQ") && !output.Contains("rabbitmq: up", StringComparison.Ordinal))
            status.Add("rabbitmq");
        if (status.Count > 0)
            Console.Error.WriteLine($"  {string.Join(" and ", status)} not running: distributed.sh starts them (deploy/local/deps.sh); the benchmark stops them afterwards");
        return status;
    }

    static async Task<string> StatusOf()
    {
        // deps.sh status reports on stderr (and fails when one is down): fold it into stdout.
        return await ChildProcess.Run("-c", [$"'{Dependencies}' status 2>&1 || true"], new Dictionary<string, string>(), TimeSpan.FromSeconds(30));
    }

    static bool Configured(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 };

    int ProcessId(string service) => int.Parse(File.ReadAllText(Path.Combine(runDirectory, $"{service}.pid")).Trim(), CultureInfo.InvariantCulture);

    public async Task<IReadOnlySet<Guid>?> StopAndReadStored()
    {
        await Stop();
        await using var connection = new NpgsqlConnection(await DatabaseConnection(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "DeliveryId" FROM deliveries""", connection);
        return await StoredDeliveries.Read(command);
    }

    async Task Stop()
    {
        if (!running)
            return;
        running = false;
        await ChildProcess.Run(Script, ["stop"], environment, ScriptTimeout);
    }

    /// <summary>The server distributed.sh used: MICRO_POSTGRES, else deps.sh's.</summary>
    static async Task<string> DatabaseConnection(string name)
    {
        var server = Environment.GetEnvironmentVariable("MICRO_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            var exports = await ChildProcess.Run(Dependencies, ["env"], new Dictionary<string, string>(), TimeSpan.FromSeconds(30));
            const string Export = "export MICRO_TEST_POSTGRES='";
            var line = exports.Split('\n').First(l => l.StartsWith(Export, StringComparison.Ordinal));
            server = line[Export.Length..].TrimEnd('\'', '\r');
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stop();
        }
        catch (Exception exception) when (exception is InvalidOperationException)
        {
            Console.Error.WriteLine($"  {exception.Message}");
        }

        try
        {
            var admin = new NpgsqlConnectionStringBuilder(await DatabaseConnection("postgres"));
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            Console.Error.WriteLine($"  could not drop database {database}: {exception.Message}");
        }

        if (startedDependencies.Count > 0)
            await ChildProcess.Run(Dependencies, ["stop", .. startedDependencies], new Dictionary<string, string>(), ScriptTimeout, check: false);

        Directory.Delete(runDirectory, recursive: true);
    }

    /// <summary>The services' logs, for a run that saw errors.</summary>
    public string Diagnostics() =>
        $"--- gateway.log\n{ChildProcess.Tail(Path.Combine(runDirectory, "gateway.log"), 15)}\n" +
        $"--- ingestion.log\n{ChildProcess.Tail(Path.Combine(runDirectory, "ingestion.log"), 15)}";
}
