using System.Globalization;
using System.Security.Cryptography;
using Micro.Testing;
using Micro.Testing.Fakes;
using Npgsql;

namespace Micro.Benchmarks;

/// <summary>
/// The distributed topology as <c>deploy/local/distributed.sh</c> starts it: the gateway and the five services (ingestion, rerun, PR
/// lock, runner broker, git workflow) as separate processes, on free ports, with databases of their own (<c>bench_..._*</c>) on
/// <c>deploy/local/deps.sh</c>'s PostgreSQL and a virtual host of their own on its RabbitMQ (so that the queue depths are this run's).
/// GitHub is the test suites' fake, in the generator's process: the re-runs land there and are counted. Whichever of PostgreSQL and
/// RabbitMQ was not running is started for the run and stopped again; servers already running are left alone.
/// </summary>
sealed class DistributedTarget : IBenchmarkTarget
{
    static readonly string Script = Path.Combine(SourceTree.Root, "deploy", "local", "distributed.sh");
    static readonly string Dependencies = Path.Combine(SourceTree.Root, "deploy", "local", "deps.sh");
    static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);
    static readonly string[] Services = ["gateway", "ingestion", "rerun", "prlock", "runners", "gitworkflow"];
    static readonly string[] Databases = ["ingestion", "rerun", "prlock", "runnerbroker", "gitworkflow"];
    // The services whose own outbox (the shared relay's table) carries events still to be published to the others.
    static readonly string[] Outboxes = ["rerun", "prlock", "runnerbroker", "gitworkflow"];

    readonly Dictionary<string, string> environment;
    readonly string runDirectory;
    readonly string prefix;
    readonly string virtualHost;
    readonly string postgres;
    readonly IReadOnlyList<string> startedDependencies;
    readonly Uri broker;
    QueueDepths? queues;
    bool running;

    DistributedTarget(Dictionary<string, string> environment, string runDirectory, string prefix, string virtualHost, string postgres,
        IReadOnlyList<string> startedDependencies, FakeGitHub gitHub)
    {
        broker = new Uri(environment["MICRO_RABBITMQ"]);
        this.environment = environment;
        this.runDirectory = runDirectory;
        this.prefix = prefix;
        this.virtualHost = virtualHost;
        this.postgres = postgres;
        this.startedDependencies = startedDependencies;
        GitHub = gitHub;
        WebhookUrl = new Uri($"http://127.0.0.1:{environment["MICRO_GATEWAY_PORT"]}/webhooks/github");
    }

    public Uri WebhookUrl { get; }

    public IReadOnlyDictionary<int, string> Processes { get; private set; } = new Dictionary<int, string>();

    public string GeneratorName => "generator + fake GitHub";

    public FakeGitHub GitHub { get; }

    /// <param name="settings">Added to every process's environment, e.g. <c>Rerun__Delay=0</c>.</param>
    public static async Task<IBenchmarkTarget> Start(BenchmarkOptions options, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var gateway = Path.Combine(SourceTree.Root, "services", "Gateway", "Micro.Gateway", "bin", options.Configuration, "net10.0", "Micro.Gateway.dll");
        if (!File.Exists(gateway))
            throw new InvalidOperationException($"{gateway} is missing: build first (dotnet build Micro.sln -c {options.Configuration})");

        var started = await StartDependencies();
        var servers = await ChildProcess.Run(Dependencies, ["env"], new Dictionary<string, string>(), TimeSpan.FromSeconds(30));
        var postgres = Export(servers, "MICRO_TEST_POSTGRES");
        var rabbitMq = new Uri(Export(servers, "MICRO_TEST_RABBITMQ"));
        var prefix = $"bench_{Guid.NewGuid():N}"[..16];
        var virtualHost = prefix;
        await RabbitMqCtl("add_vhost", virtualHost);
        await RabbitMqCtl("set_permissions", "-p", virtualHost, rabbitMq.UserInfo.Split(':')[0], ".*", ".*", ".*");

        var gitHub = await FakeGitHub.Start();
        var environment = new Dictionary<string, string>
        {
            ["MICRO_RUN_DIR"] = Directory.CreateTempSubdirectory("micro-benchmark-distributed-").FullName,
            ["MICRO_POSTGRES"] = postgres,
            ["MICRO_RABBITMQ"] = new UriBuilder(rabbitMq) { Path = "/" + virtualHost }.Uri.ToString(),
            ["MICRO_DATABASE_PREFIX"] = prefix,
            ["MICRO_SKIP_BUILD"] = "1",
            ["MICRO_CONFIGURATION"] = options.Configuration,
            ["GITHUB_WEBHOOK_SECRET"] = options.Secret,
            // Only webhooks are sent; the gateway still needs an API token to start, and the services an internal one.
            ["MICRO_API_TOKEN"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ["MICRO_INTERNAL_TOKEN"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            ["GitHub__ApiUrl"] = gitHub.ApiUrl.ToString(),
            ["GITHUB_TOKEN"] = FakeGitHub.Token,
        };
        foreach (var service in Services)
            environment[$"MICRO_{service.ToUpperInvariant()}_PORT"] = ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings)
            environment[key] = value;

        var target = new DistributedTarget(environment, environment["MICRO_RUN_DIR"], prefix, virtualHost, postgres, started, gitHub);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            target.running = true;
            await ChildProcess.Run(Script, ["start"], environment, ScriptTimeout);
            target.Processes = Services.ToDictionary(target.ProcessId, service => service);
            target.queues = await QueueDepths.Open(target.broker,
                columns => RabbitMqCtl(["list_queues", "-p", virtualHost, "--no-table-headers", .. columns]));
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts those of deps.sh's PostgreSQL and RabbitMQ that are not up; returns their names, to stop them afterwards.</summary>
    static async Task<IReadOnlyList<string>> StartDependencies()
    {
        // deps.sh status reports on stderr (and fails when one is down): fold it into stdout.
        var status = await ChildProcess.Run("-c", [$"'{Dependencies}' status 2>&1 || true"], new Dictionary<string, string>(), TimeSpan.FromSeconds(30));
        var missing = new[] { "postgres", "rabbitmq" }.Where(server => !status.Contains($"{server}: up", StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"  {string.Join(" and ", missing)} not running: starting them (deploy/local/deps.sh); the benchmark stops them afterwards");
            await ChildProcess.Run(Dependencies, ["start", .. missing], new Dictionary<string, string>(), ScriptTimeout);
        }

        return missing;
    }

    static string Export(string exports, string name)
    {
        var line = exports.Split('\n').FirstOrDefault(l => l.StartsWith($"export {name}='", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"deps.sh env does not export {name}");
        return line[(line.IndexOf('\'', StringComparison.Ordinal) + 1)..].TrimEnd('\'', '\r');
    }

    // Each call starts an Erlang VM: seconds on a quiet machine, over a minute on a loaded one.
    static Task<string> RabbitMqCtl(params string[] arguments) =>
        ChildProcess.Run(Dependencies, ["rabbitmqctl", "-q", .. arguments], new Dictionary<string, string>(), ScriptTimeout);

    int ProcessId(string service) => int.Parse(File.ReadAllText(Path.Combine(runDirectory, $"{service}.pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>
    /// Messages ready in the run's queues (error queues aside), read over AMQP at this moment, plus events stored by ingestion and by the
    /// services' own outboxes and not yet on the bus.
    /// </summary>
    public async Task<Backlog?> Backlog()
    {
        var waiting = await (queues ?? throw new InvalidOperationException("the target is not started")).Ready();
        await using (var connection = await Open("ingestion"))
            Add(waiting, "ingestion outbox", await Count(connection, "SELECT count(*) FROM pending_publications"));
        foreach (var service in Outboxes)
        {
            await using var connection = await Open(service);
            Add(waiting, $"{service} outbox", await Count(connection, """SELECT count(*) FROM outbox_messages WHERE "Failure" IS NULL"""));
        }

        return new Backlog(waiting);
    }

    /// <summary>Whether no consumer still holds a message it fetched: the ready count above does not include those.</summary>
    public async Task<bool> NothingInHand() => (await (queues ?? throw new InvalidOperationException("the target is not started")).Unacknowledged()).Count == 0;

    static void Add(Dictionary<string, long> waiting, string name, long count)
    {
        if (count > 0)
            waiting[name] = count;
    }

    static async Task<long> Count(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public async Task<Consumption?> StopAndCheck(WebhookStream stream, DateTime measuredFrom)
    {
        await Stop();
        await using var ingestion = await Open("ingestion");
        await using var rerun = await Open("rerun");
        await using var prLock = await Open("prlock");
        return await Consumption.Read(stream, GitHub, sql => new NpgsqlCommand(sql, ingestion), sql => new NpgsqlCommand(sql, rerun),
            sql => new NpgsqlCommand(sql, prLock), measuredFrom);
    }

    async Task<NpgsqlConnection> Open(string database)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = $"{prefix}_{database}", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    async Task Stop()
    {
        if (!running)
            return;
        running = false;
        await ChildProcess.Run(Script, ["stop"], environment, ScriptTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (queues is not null)
            await queues.DisposeAsync();
        try
        {
            await Stop();
        }
        catch (InvalidOperationException exception)
        {
            Console.Error.WriteLine($"  {exception.Message}");
        }

        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres", Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            foreach (var database in Databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{prefix}_{database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            Console.Error.WriteLine($"  could not drop the databases {prefix}_*: {exception.Message}");
        }

        try
        {
            await RabbitMqCtl("delete_vhost", virtualHost);
        }
        catch (InvalidOperationException exception)
        {
            Console.Error.WriteLine($"  could not delete the virtual host {virtualHost}: {exception.Message}");
        }

        await GitHub.DisposeAsync();
        if (startedDependencies.Count > 0)
            await ChildProcess.Run(Dependencies, ["stop", .. startedDependencies], new Dictionary<string, string>(), ScriptTimeout, check: false);
        Directory.Delete(runDirectory, recursive: true);
    }

    /// <summary>The services' logs, for a run that saw errors.</summary>
    public string Diagnostics() => string.Join('\n', Services.Select(service =>
        $"--- {service}.log\n{ChildProcess.Tail(Path.Combine(runDirectory, $"{service}.log"), 8)}"));
}

/// <summary>Messages the consumers have yet to handle, by queue (or outbox).</summary>
sealed record Backlog(IReadOnlyDictionary<string, long> Waiting)
{
    public long Total => Waiting.Values.Sum();

    public override string ToString() => Total == 0 ? "0" :
        string.Create(CultureInfo.InvariantCulture, $"{Total:N0} ({string.Join(", ", Waiting.OrderByDescending(w => w.Value).Select(w => $"{w.Key} {w.Value:N0}"))})");
}
