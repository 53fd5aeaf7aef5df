using System.Globalization;

namespace Micro.Benchmarks;

/// <summary>
/// The command line: <c>--targets bare,standalone,distributed,rerun-latency,probot --clients 32 --duration 15s --warmup 90s [--json file]</c>.
/// </summary>
sealed record BenchmarkOptions(
    IReadOnlyList<string> Targets,
    IReadOnlyList<int> Clients,
    TimeSpan Duration,
    TimeSpan Warmup,
    TimeSpan RequestTimeout,
    TimeSpan Idle,
    TimeSpan Settle,
    TimeSpan Drain,
    double RerunRate,
    int Seed,
    int? Stories,
    string Configuration,
    string? MarkdownFile,
    string? JsonFile)
{
    public const string Usage = """
        Micro.Benchmarks: webhook throughput, answer and end-to-end latency, CPU and memory, under a GitHub-like stream.

          --targets LIST      comma-separated, run in this order (default bare,standalone,distributed,rerun-latency,probot):
                                bare           in-process Kestrel that only reads the body and answers 202 (the ceiling)
                                standalone     the built Micro.Standalone.dll as a child process, SQLite in a temp directory
                                distributed    deploy/local/distributed.sh: the gateway and all five services, RabbitMQ + PostgreSQL
                                rerun-latency  distributed with Rerun:Delay=0, paced at --rerun-rate: failed run -> re-run call
                                probot         the peer: a minimal Probot app (peers/probot, Node)
                                url=URL        anything already running on this machine (loopback only); its secret: --secret
          --clients LIST      concurrent clients, each with one request in flight; several run one after another (default 32)
          --duration TIME     measured time per run, e.g. 15s, 1m, 500ms (default 15s)
          --warmup TIME       load before each measurement, not measured (default 90s: on 2 cores, fresh services JIT-compile for over a
                              minute under load); what the consumers owe after it is left to them (up to --drain) before the window
          --idle TIME         before the load, each process's CPU and memory with nothing to do (default 30s; 0 skips it)
          --settle TIME       before --idle, left to the processes to finish starting up, not counted as idle: tiered JIT
                              recompiling their loops, first health checks (default 240s; its CPU is printed on stderr)
          --drain TIME        after the load, how long the consumers may take to catch up before the run says they fell behind (default 60s)
          --rerun-rate N      deliveries per second of the rerun-latency scenario (default 500)
          --seed N            the stream's seed: the same seed gives the same runs, pull requests and payloads (default 13)
          --stories N         runs and pull requests under way at once, taken in turn (default max(64, 3 x clients); fewer end
                              runs sooner, for a short look)
          --timeout TIME      a request slower than this fails (default 10s: GitHub's own limit)
          --configuration C   the build whose services are started (default Release)
          --secret S          webhook secret of a url= target (default: MICRO_BENCHMARK_SECRET, else a random one)
          --markdown FILE     also write the tables (printed on stdout) to FILE, to paste into README.md
          --json FILE         also write the results as JSON
        """;

    public string Secret { get; init; } = "";

    public static BenchmarkOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
                throw new UsageException(null);
            if (!name.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"unexpected argument '{name}'");

            string value;
            if (name.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"{name} needs a value");
            }

            values[name[2..]] = value;
        }

        string Take(string name, string fallback) => values.Remove(name, out var value) ? value : fallback;

        var targets = Split(Take("targets", "bare,standalone,distributed,rerun-latency,probot"));
        var clients = Split(Take("clients", "32")).Select(c => int.TryParse(c, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 4096
            ? n
            : throw new UsageException($"--clients: '{c}' is not a number from 1 to 4096")).ToList();
        var options = new BenchmarkOptions(
            targets,
            clients,
            Time("duration", Take("duration", "15s")),
            Time("warmup", Take("warmup", "90s")),
            Time("timeout", Take("timeout", "10s")),
            Time("idle", Take("idle", "30s")),
            Time("settle", Take("settle", "240s")),
            Time("drain", Take("drain", "60s")),
            double.TryParse(Take("rerun-rate", "500"), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is > 0 and <= 100_000
                ? rate
                : throw new UsageException("--rerun-rate must be a number of deliveries per second from 1 to 100000"),
            int.TryParse(Take("seed", "13"), CultureInfo.InvariantCulture, out var seed) ? seed : throw new UsageException("--seed must be a whole number"),
            values.Remove("stories", out var stories)
                ? int.TryParse(stories, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 100_000 ? count
                    : throw new UsageException("--stories must be a number from 1 to 100000")
                : null,
            Take("configuration", "Release"),
            values.Remove("markdown", out var markdown) ? markdown : null,
            values.Remove("json", out var json) ? json : null)
        {
            Secret = Take("secret", Environment.GetEnvironmentVariable("MICRO_BENCHMARK_SECRET") is { Length: > 0 } secret
                ? secret
                : "benchmark-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))),
        };

        if (values.Count > 0)
            throw new UsageException($"unknown option --{values.Keys.First()}");
        if (targets.Count == 0)
            throw new UsageException("--targets is empty");
        if (options.Duration <= TimeSpan.Zero)
            throw new UsageException("--duration must be positive");
        return options;
    }

    static List<string> Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>15s, 1m, 500ms, or a bare number of seconds.</summary>
    static TimeSpan Time(string option, string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value * unit)
            : throw new UsageException($"--{option}: '{text}' is not a duration such as 15s, 1m or 500ms");
    }
}

sealed class UsageException(string? problem) : Exception(problem ?? "usage")
{
    public string? Problem { get; } = problem;
}
