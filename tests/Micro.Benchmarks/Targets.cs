using System.Net;

namespace Micro.Benchmarks;

/// <summary>A system under load: where its webhooks go, which processes are it, and what it stored and consumed once stopped.</summary>
interface IBenchmarkTarget : IAsyncDisposable
{
    Uri WebhookUrl { get; }

    /// <summary>Process id to name, for the CPU split.</summary>
    IReadOnlyDictionary<int, string> Processes { get; }

    /// <summary>What the generator is called in the CPU split (the bare endpoint and the fake GitHub run inside it).</summary>
    string GeneratorName => "generator";

    /// <summary>The fake GitHub the target calls, or null.</summary>
    Micro.Testing.Fakes.FakeGitHub? GitHub => null;

    /// <summary>Messages its consumers have yet to handle; null when it cannot tell (bare, url=, probot).</summary>
    Task<Backlog?> Backlog() => Task.FromResult<Backlog?>(null);

    /// <summary>
    /// Asked once <see cref="Backlog"/> reads 0: whether the consumers also hold nothing they fetched and have not finished (a broker
    /// counts those apart from the ready ones).
    /// </summary>
    Task<bool> NothingInHand() => Task.FromResult(true);

    /// <summary>
    /// Stops the target and reads what it stored and consumed of the stream, or null when it cannot tell. Disposing afterwards removes
    /// what it left behind.
    /// </summary>
    Task<Consumption?> StopAndCheck(WebhookStream stream, DateTime measuredFrom) => Task.FromResult<Consumption?>(null);

    /// <summary>The end of the target's logs, shown when a run saw errors.</summary>
    string Diagnostics() => "";
}

static class Targets
{
    /// <summary>The rerun-latency scenario: the distributed topology re-running at once (<c>Rerun:Delay=0</c>) under a paced load.</summary>
    public const string RerunLatency = "rerun-latency";

    static readonly string[] Names = ["bare", "standalone", "distributed", RerunLatency, "probot"];

    public static Task<IBenchmarkTarget> Start(string target, BenchmarkOptions options, CancellationToken cancellationToken) => target switch
    {
        "bare" => BareEndpoint.Start(),
        "standalone" => StandaloneTarget.Start(options, new Dictionary<string, string>(), cancellationToken),
        "distributed" => DistributedTarget.Start(options, new Dictionary<string, string>(), cancellationToken),
        RerunLatency => DistributedTarget.Start(options, new Dictionary<string, string> { ["Rerun__Delay"] = "00:00:00" }, cancellationToken),
        "probot" => ProbotTarget.Start(options, cancellationToken),
        _ when target.StartsWith("url=", StringComparison.Ordinal) => Task.FromResult<IBenchmarkTarget>(new UrlTarget(Loopback(target[4..]))),
        _ => throw Unknown(target),
    };

    /// <summary>Refuses an unknown target or a url= that is not on this machine, before anything starts.</summary>
    public static void Validate(string target)
    {
        if (target.StartsWith("url=", StringComparison.Ordinal))
            Loopback(target[4..]);
        else if (!Names.Contains(target))
            throw Unknown(target);
    }

    static UsageException Unknown(string target) =>
        new($"unknown target '{target}': use {string.Join(", ", Names)} or url=http://127.0.0.1:PORT");

    /// <summary>Only this machine: the benchmark must never load anything else.</summary>
    static Uri Loopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UsageException($"url={url} is not an http(s) URL");
        if (!(uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address))))
            throw new UsageException($"url={url} is not a loopback address: the benchmark only loads this machine");

        // A base address means Micro's webhook path.
        return uri.AbsolutePath is "" or "/" ? new Uri(uri, "/webhooks/github") : uri;
    }

    sealed class UrlTarget(Uri url) : IBenchmarkTarget
    {
        public Uri WebhookUrl { get; } = url;

        public IReadOnlyDictionary<int, string> Processes { get; } = ListeningProcess(url.Port) is { } pid
            ? new Dictionary<int, string> { [pid] = $"target (pid {pid})" }
            : new Dictionary<int, string>();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The process listening on a loopback port (Linux), to name it in the CPU split; null when it cannot be told.</summary>
    public static int? ListeningProcess(int port)
    {
        if (!CpuSampler.Supported)
            return null;
        try
        {
            // /proc/net/tcp*: "sl local_address rem_address st ... inode"; local as HEX_IP:HEX_PORT, st 0A is LISTEN.
            var inodes = new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length > 9 && fields[3] == "0A" &&
                    int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], System.Globalization.NumberStyles.HexNumber, null) == port)
                .Select(fields => $"socket:[{fields[9]}]")
                .ToHashSet();
            if (inodes.Count == 0)
                return null;

            foreach (var process in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(process), out var pid))
                    continue;
                try
                {
                    if (Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")).Any(fd => new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target)))
                        return pid;
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // gone, or not ours to look at
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }

        return null;
    }
}
