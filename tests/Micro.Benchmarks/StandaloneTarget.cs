using System.Diagnostics;
using Micro.Testing;
using Micro.Testing.Fakes;
using Microsoft.Data.Sqlite;

namespace Micro.Benchmarks;

/// <summary>
/// The built standalone host (every service in one process, SQLite, in-memory bus) as its own process, as a newcomer starts it, with
/// its data in a temporary directory, and the fake GitHub (in the generator's process) for its re-runs. Stopped with SIGKILL, so what it
/// stored and consumed is what a crash would have left.
/// </summary>
sealed class StandaloneTarget : IBenchmarkTarget
{
    readonly Process process;
    readonly string directory;

    StandaloneTarget(Process process, string directory, Uri address, FakeGitHub gitHub)
    {
        this.process = process;
        this.directory = directory;
        GitHub = gitHub;
        WebhookUrl = new Uri(address, "/webhooks/github");
        Processes = new Dictionary<int, string> { [process.Id] = "standalone" };
    }

    public Uri WebhookUrl { get; }

    public IReadOnlyDictionary<int, string> Processes { get; }

    public string GeneratorName => "generator + fake GitHub";

    public FakeGitHub GitHub { get; }

    string Log => Path.Combine(directory, "standalone.log");

    string DataDirectory => Path.Combine(directory, "data");

    public static async Task<IBenchmarkTarget> Start(BenchmarkOptions options, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var dll = Path.Combine(SourceTree.Root, "services", "Standalone", "Micro.Standalone", "bin", options.Configuration, "net10.0",
            "Micro.Standalone.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: build first (dotnet build Micro.sln -c {options.Configuration})");

        var directory = Directory.CreateTempSubdirectory("micro-benchmark-standalone-").FullName;
        var address = new Uri($"http://127.0.0.1:{ChildProcess.FreePort()}");
        // Through bash only to send the host's output to a file, not through the generator; exec keeps the process id.
        var start = new ProcessStartInfo("bash", ["-c", "exec dotnet \"$0\" --urls \"$1\" >\"$2\" 2>&1 </dev/null",
            dll, address.ToString(), Path.Combine(directory, "standalone.log")])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
        };
        start.Environment["Database__DataDirectory"] = Path.Combine(directory, "data");
        start.Environment["GitHub__WebhookSecrets__0"] = options.Secret;
        start.Environment.Remove("ASPNETCORE_URLS");
        var gitHub = await FakeGitHub.Start();
        start.Environment["GitHub__ApiUrl"] = gitHub.ApiUrl.ToString();
        start.Environment["GITHUB_TOKEN"] = FakeGitHub.Token;
        foreach (var (key, value) in settings)
            start.Environment[key] = value;

        var target = new StandaloneTarget(Process.Start(start) ?? throw new InvalidOperationException("could not start the standalone host"),
            directory, address, gitHub);
        try
        {
            await ChildProcess.WaitReady(address, () => !target.process.HasExited, () => ChildProcess.Tail(target.Log), TimeSpan.FromSeconds(90),
                cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public string Diagnostics() => $"--- standalone log\n{ChildProcess.Tail(Log, 20)}";

    /// <summary>Events stored and not yet handled by every consumer (the outbox is settled only then, on the in-memory bus).</summary>
    public async Task<Backlog?> Backlog()
    {
        await using var connection = Open("ingestion");
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT count(*) FROM pending_publications";
        var waiting = Convert.ToInt64(await query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        return new Backlog(waiting == 0 ? new Dictionary<string, long>() : new Dictionary<string, long> { ["ingestion outbox"] = waiting });
    }

    public async Task<Consumption?> StopAndCheck(WebhookStream stream, DateTime measuredFrom)
    {
        await Kill();
        await using var ingestion = Open("ingestion");
        await using var rerun = Open("rerun");
        await using var prLock = Open("prlock");
        return await Consumption.Read(stream, GitHub, sql => Command(ingestion, sql), sql => Command(rerun, sql), sql => Command(prLock, sql), measuredFrom);
    }

    SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, database + ".db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    async Task Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        await GitHub.DisposeAsync();
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
