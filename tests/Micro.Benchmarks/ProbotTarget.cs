using System.Diagnostics;
using Micro.Testing;

namespace Micro.Benchmarks;

/// <summary>
/// The peer: a minimal Probot app (<c>peers/probot</c>, Node) that verifies each delivery's signature and dispatches
/// <c>workflow_job</c> to a handler that stores nothing, started with the run's secret and stopped afterwards. What a team would write
/// instead of running Micro; its 200 counts as accepted, and it has nothing to check for storage.
/// </summary>
sealed class ProbotTarget : IBenchmarkTarget
{
    static readonly string Directory = Path.Combine(SourceTree.Root, "tests", "Micro.Benchmarks", "peers", "probot");

    readonly Process process;
    readonly string log;

    ProbotTarget(Process process, string log, Uri address)
    {
        this.process = process;
        this.log = log;
        WebhookUrl = new Uri(address, "/webhooks/github");
        Processes = new Dictionary<int, string> { [process.Id] = "probot" };
    }

    public Uri WebhookUrl { get; }

    public IReadOnlyDictionary<int, string> Processes { get; }

    public static async Task<IBenchmarkTarget> Start(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(Directory, "node_modules", "probot", "package.json")))
            throw new InvalidOperationException($"Probot is not installed: npm ci --prefix {Directory} (run.sh does it)");

        var address = new Uri($"http://127.0.0.1:{ChildProcess.FreePort()}");
        var log = Path.Combine(Path.GetTempPath(), $"micro-benchmark-probot-{Guid.NewGuid():N}.log");
        // Through bash only to send its output to a file; exec keeps the process id.
        var start = new ProcessStartInfo("bash", ["-c", "exec node index.js >\"$0\" 2>&1 </dev/null", log])
        {
            WorkingDirectory = Directory,
            UseShellExecute = false,
        };
        start.Environment["PORT"] = address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["WEBHOOK_SECRET"] = options.Secret;
        start.Environment["NODE_ENV"] = "production";

        var target = new ProbotTarget(Process.Start(start) ?? throw new InvalidOperationException("could not start node"), log, address);
        try
        {
            await ChildProcess.WaitReady(address, () => !target.process.HasExited, () => ChildProcess.Tail(log), TimeSpan.FromSeconds(60), cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public string Diagnostics() => $"--- probot log\n{ChildProcess.Tail(log, 20)}";

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        File.Delete(log);
    }
}
