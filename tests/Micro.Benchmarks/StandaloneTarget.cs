using System.Diagnostics;
using Micro.Testing;
using Microsoft.Data.Sqlite;

namespace Micro.Benchmarks;

/// <summary>
/// The built standalone host (every service in one process, SQLite, in-memory bus) as its own process, as a newcomer starts it, with
/// its data in a temporary directory. Stopped with SIGKILL, so what it stored is what a crash would have left.
/// </summary>
sealed class StandaloneTarget : IBenchmarkTarget
{
    readonly Process process;
    readonly string directory;

    StandaloneTarget(Process process, string directory, Uri address)
    {
        this.process = process;
        this.directory = directory;
        WebhookUrl = new Uri(address, "/webhooks/github");
        Processes = new Dictionary<int, string> { [process.Id] = "standalone" };
    }

    public Uri WebhookUrl { get; }

    public IReadOnlyDictionary<int, string> Processes { get; }

    string Log => Path.Combine(directory, "standalone.log");

    string DataDirectory => Path.Combine(directory, "data");

    public static async Task<IBenchmarkTarget> Start(BenchmarkOptions options, CancellationToken cancellationToken)
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

        var target = new StandaloneTarget(Process.Start(start) ?? throw new InvalidOperationException("could not start the standalone host"),
            directory, address);
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

    public async Task<IReadOnlySet<Guid>?> StopAndReadStored()
    {
        await Kill();
        var database = Path.Combine(DataDirectory, "ingestion.db");
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DeliveryId FROM deliveries";
        return await StoredDeliveries.Read(command);
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
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}

static class StoredDeliveries
{
    public static async Task<IReadOnlySet<Guid>> Read(System.Data.Common.DbCommand query)
    {
        var stored = new HashSet<Guid>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (Guid.TryParse(reader.GetString(0), out var id))
                stored.Add(id);
        }

        return stored;
    }
}
