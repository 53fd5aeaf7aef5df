using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Micro.Benchmarks;

/// <summary>One row of the table: a run, or a target that could not be measured; what the target stored and consumed is its whole stream's.</summary>
sealed record TargetRow(string Target, RunMeasurement? Run, string? Problem)
{
    public IdleMeasurement? Idle { get; init; }

    /// <summary>Each process's peak resident memory at the end of the run (VmHWM).</summary>
    public IReadOnlyDictionary<string, long>? PeakRss { get; init; }

    /// <summary>What the warm-up left the consumers that they had not caught up with within <c>--drain</c>, when the window opened.</summary>
    public Backlog? LagAtStart { get; init; }

    /// <summary>Messages the consumers had yet to handle when the load stopped; null when the target cannot tell.</summary>
    public Backlog? LagAtEnd { get; set; }

    /// <summary>How long they took to catch up afterwards; null when they had not within <c>--drain</c>.</summary>
    public TimeSpan? DrainedIn { get; set; }

    public Consumption? Consumption { get; init; }

    /// <summary>More than a second of accepted deliveries was still queued when the load stopped, or it was not worked off in time.</summary>
    public bool ConsumersBehind => LagAtEnd is { } lag && Run is { } run && (DrainedIn is null || LagAtStart is not null || lag.Total > run.AcceptedPerSecond);
}

sealed record Machine(int Cores, string Cpu, double MemoryGiB, string Os, string Kernel, string Runtime, string LoadAverage)
{
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"Machine: {Cores} cores ({Cpu}), {MemoryGiB:0.#} GiB, {Os}, {Kernel}, {Runtime}; load average before the run: {LoadAverage}. ") +
        "The load generator runs on the same cores as the system under test, so every target is measured with it taking its share.";

    public static Machine Describe() => new(
        Environment.ProcessorCount,
        Read("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024),
        Read("/etc/os-release", "PRETTY_NAME")?.Trim('"') ?? RuntimeInformation.OSDescription,
        File.Exists("/proc/sys/kernel/osrelease") ? "Linux " + File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a");

    static string? Read(string file, string key)
    {
        if (!File.Exists(file))
            return null;
        return File.ReadLines(file)
            .Select(line => line.Split(line.Contains('=', StringComparison.Ordinal) && !line.Contains(':', StringComparison.Ordinal) ? '=' : ':', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == key)
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
    }
}

static class Report
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string LoadDescription(BenchmarkOptions options, StreamShape shape) => string.Create(Invariant,
        $"Load: a GitHub-like stream (seed {shape.Seed}) of signed deliveries to POST /webhooks/github from {shape.Repositories} repositories: " +
        $"workflow runs (workflow_run requested/in_progress/completed, each job workflow_job queued/in_progress/completed, {Percent(shape.FailingRuns)} of runs with a failed job), " +
        $"pull_request opened/synchronize/closed ({Percent(shape.PullRequestShare)} of the stories, {shape.StoriesInFlight} stories under way at once), {Percent(shape.Redeliveries)} redeliveries, {Percent(shape.Pings)} pings; real payloads, 7–29 KB. " +
        $"Each client keeps one request in flight; {options.Warmup.TotalSeconds:0.#} s warm-up (then the consumers may catch up, up to {options.Drain.TotalSeconds:0} s), then {options.Duration.TotalSeconds:0.#} s measured; " +
        $"a request slower than {options.RequestTimeout.TotalSeconds:0.#} s counts as an error (GitHub gives up after 10 s).");

    public static string Summary(RunMeasurement run) => string.Create(Invariant,
        $"{run.AcceptedPerSecond:N0} accepted/s, p50 {Ms(run.P50Ms)} ms, p99 {Ms(run.P99Ms)} ms, max {Ms(run.MaxMs)} ms, errors {Errors(run)}") +
        (run.Cpu is null ? "" : $"; CPU: {run.Cpu}");

    public static string IdleSummary(IdleMeasurement idle) =>
        string.Join(", ", idle.Rss.Select(p => string.Create(Invariant, $"{p.Key} {IdlePercent(idle, p.Key)} of a core, {Megabytes(p.Value)} MB")));

    public static string ConsumptionSummary(Consumption c) => string.Create(Invariant,
        $"{c.Stored - c.StoredMissing:N0} of {c.Stored:N0} accepted deliveries stored, {c.Runs - c.RunsUndecided:N0} of {c.Runs:N0} ended runs decided, " +
        $"{c.PullRequests - c.PullRequestsBehind:N0} of {c.PullRequests:N0} PR heads current, {c.RerunsCalled:N0} of {c.FailedRuns:N0} failed runs re-run; " +
        $"end-to-end p50 {Ms(Percentiles.Of(c.EndToEndMs, 0.5))} ms, p99 {Ms(Percentiles.Of(c.EndToEndMs, 0.99))} ms");

    public static string Markdown(IReadOnlyList<TargetRow> rows, BenchmarkOptions options, StreamShape shape, Machine machine)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(Invariant, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC at commit {Commit()} with `tests/Micro.Benchmarks/run.sh {Arguments()}`."));
        text.AppendLine(machine.Summary);
        text.AppendLine();
        text.AppendLine(LoadDescription(options, shape));
        text.AppendLine();
        text.AppendLine("| target | clients | accepted/s | p50 ms | p90 ms | p99 ms | max ms | errors | vs bare | end-to-end p50 / p99 ms | consumers when the load stopped | 2xx stored and consumed |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|");
        foreach (var row in rows)
        {
            if (row.Run is not { } run)
            {
                text.AppendLine($"| {row.Target} | | | | | | | not measured: {Cell(row.Problem)} | | | | |");
                continue;
            }

            var accepted = string.Create(Invariant, $"{run.AcceptedPerSecond:N0}") + (row.ConsumersBehind ? " (**consumers behind**: not throughput)" : "");
            var endToEnd = row.Consumption is { EndToEndMs.Count: > 0 } c
                ? $"{Ms(Percentiles.Of(c.EndToEndMs, 0.5))} / {Ms(Percentiles.Of(c.EndToEndMs, 0.99))}"
                : "–";
            text.AppendLine(string.Create(Invariant,
                $"| {row.Target} | {run.Clients}{(row.Target == Targets.RerunLatency ? $" at {options.RerunRate:0}/s" : "")} | {accepted} | {Ms(run.P50Ms)} | {Ms(run.P90Ms)} | {Ms(run.P99Ms)} | {Ms(run.MaxMs)} " +
                $"| {Errors(run)} | {Ratio(rows, row)} | {endToEnd} | {Lag(row, options)} | {Stored(row)} |"));
        }

        var reruns = rows.Where(row => row.Consumption is { FailedRuns: > 0 }).GroupBy(row => row.Target).Select(group => group.First()).ToList();
        if (reruns.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Failed runs re-run: from the 2xx of the delivery that ended a failed run (its last job's `completed`, or `workflow_run completed`) to the `rerun-failed-jobs` call reaching the fake GitHub (measured window; `rerun-latency` has `Rerun:Delay=0`, the others the default 5 s delay):");
            text.AppendLine();
            text.AppendLine("| target | failed runs ended | re-runs asked | p50 ms | p99 ms | max ms |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var row in reruns)
            {
                var c = row.Consumption!;
                text.AppendLine(string.Create(Invariant,
                    $"| {row.Target} | {c.FailedRuns:N0} | {c.RerunsCalled:N0} | {Ms(Percentiles.Of(c.RerunMs, 0.5))} | {Ms(Percentiles.Of(c.RerunMs, 0.99))} | {Ms(c.RerunMs.Count == 0 ? double.NaN : c.RerunMs[^1])} |"));
            }
        }

        var measured = rows.Where(row => row.Run?.Cpu is not null || row.Idle is not null).ToList();
        if (measured.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("CPU and memory per process: CPU time per accepted delivery during the measured window (PostgreSQL and RabbitMQ are shared servers: all of their processes), CPU with nothing to do (`--idle`, measured once start-up has settled: `--settle`), resident memory idle and at its peak by the end of the load:");
            text.AppendLine();
            text.AppendLine("| target | process | CPU ms per delivery | idle CPU, % of a core | RSS idle MB | RSS peak MB |");
            text.AppendLine("|---|---|---:|---:|---:|---:|");
            foreach (var row in measured)
            {
                var servers = row.Target is "distributed" or Targets.RerunLatency
                    ? row.Run?.Cpu?.Parts.Select(p => p.Name).Where(n => n is "postgres" or "rabbitmq") ?? []
                    : [];
                var names = (row.Idle?.Rss.Keys ?? []).Concat(servers).Distinct();
                foreach (var name in names)
                {
                    var perDelivery = row.Run is { Cpu: { } cpu, Accepted: > 0 } run
                        ? (cpu.Parts.FirstOrDefault(p => p.Name == name)?.Cores ?? 0) * cpu.Seconds * 1000 / run.Accepted
                        : double.NaN;
                    var idleRss = row.Idle?.Rss.GetValueOrDefault(name);
                    var peak = row.PeakRss?.GetValueOrDefault(name);
                    text.AppendLine(string.Create(Invariant,
                        $"| {row.Target} | {name} | {(double.IsNaN(perDelivery) ? "–" : perDelivery.ToString("0.000", Invariant))} | {(row.Idle is { } idle && idle.Rss.ContainsKey(name) ? IdlePercent(idle, name) : "–")} " +
                        $"| {(idleRss is > 0 ? Megabytes(idleRss.Value) : "–")} | {(peak is > 0 ? Megabytes(peak.Value) : "–")} |"));
                }
            }

            text.AppendLine();
            text.AppendLine("The whole machine during each measured window, in cores (\"other\" is whatever else ran on it, so a disturbed measurement shows):");
            text.AppendLine();
            foreach (var row in measured.Where(r => r.Run?.Cpu is not null))
                text.AppendLine($"- {row.Target}, {row.Run!.Clients} clients: {row.Run.Cpu}");
        }

        return text.ToString();
    }

    public static string Json(IReadOnlyList<TargetRow> rows, BenchmarkOptions options, StreamShape shape, Machine machine) =>
        JsonSerializer.Serialize(new
        {
            machine,
            commit = Commit(),
            settings = new
            {
                options.Clients,
                durationSeconds = options.Duration.TotalSeconds,
                warmupSeconds = options.Warmup.TotalSeconds,
                timeoutSeconds = options.RequestTimeout.TotalSeconds,
                idleSeconds = options.Idle.TotalSeconds,
                settleSeconds = options.Settle.TotalSeconds,
                options.RerunRate,
                stream = shape,
                options.Configuration,
            },
            results = rows.Select(row => new
            {
                row.Target,
                row.Run?.Clients,
                row.Run?.Seconds,
                row.Run?.Accepted,
                row.Run?.AcceptedPerSecond,
                row.Run?.P50Ms,
                row.Run?.P90Ms,
                row.Run?.P99Ms,
                row.Run?.MaxMs,
                row.Run?.Errors,
                ratioToBare = RatioValue(rows, row),
                endToEnd = row.Consumption is { } c ? new { p50Ms = Percentiles.Of(c.EndToEndMs, 0.5), p99Ms = Percentiles.Of(c.EndToEndMs, 0.99), count = c.EndToEndMs.Count } : null,
                rerun = row.Consumption is { } r ? new { r.FailedRuns, r.RerunsCalled, p50Ms = Percentiles.Of(r.RerunMs, 0.5), p99Ms = Percentiles.Of(r.RerunMs, 0.99) } : null,
                consumption = row.Consumption is { } all ? new { all.Stored, all.StoredMissing, all.Runs, all.RunsUndecided, all.PullRequests, all.PullRequestsBehind, all.Complete } : null,
                lagAtStart = row.LagAtStart?.Waiting,
                lagAtEnd = row.LagAtEnd?.Waiting,
                drainedSeconds = row.DrainedIn?.TotalSeconds,
                row.ConsumersBehind,
                cpu = row.Run?.Cpu,
                idle = row.Idle,
                peakRss = row.PeakRss,
                row.Problem,
            }),
        }, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        });

    static string Errors(RunMeasurement run) =>
        run.ErrorCount == 0 ? "0" : string.Join(", ", run.Errors.Select(e => string.Create(Invariant, $"{e.Key}: {e.Value:N0}")));

    static double? RatioValue(IReadOnlyList<TargetRow> rows, TargetRow row) =>
        row.Run is { } run && row.Target != Targets.RerunLatency && rows.FirstOrDefault(r => r.Target == "bare" && r.Run?.Clients == run.Clients)?.Run is { AcceptedPerSecond: > 0 } bare
            ? run.AcceptedPerSecond / bare.AcceptedPerSecond
            : null;

    static string Ratio(IReadOnlyList<TargetRow> rows, TargetRow row) =>
        RatioValue(rows, row) is { } ratio ? ratio.ToString("P0", Invariant).Replace(" ", "", StringComparison.Ordinal) : "–";

    static string Lag(TargetRow row, BenchmarkOptions options) => LagAtEnd(row, options) + (row.LagAtStart is { } start
        ? string.Create(Invariant, $" (the warm-up's {start.Total:N0} not caught up with when the window opened)")
        : "");

    static string LagAtEnd(TargetRow row, BenchmarkOptions options) => row.LagAtEnd switch
    {
        null => "n/a",
        { Total: 0 } when row.DrainedIn is not null => "kept up (0 queued)",
        var lag when row.DrainedIn is { } drained => string.Create(Invariant,
            $"{(row.ConsumersBehind ? "**behind**: " : "")}{lag.Total:N0} queued, done {drained.TotalSeconds:0.0} s later"),
        var lag => string.Create(Invariant, $"**behind: {lag.Total:N0} queued, not done {options.Drain.TotalSeconds:0} s later**"),
    };

    static string Stored(TargetRow row) => row.Consumption switch
    {
        null when row.Problem is not null => Cell(row.Problem),
        null => "n/a",
        { Complete: true } c => string.Create(Invariant,
            $"all: {c.Stored:N0} stored, {c.Runs:N0} runs decided, {c.PullRequests:N0} PR heads, {c.RerunsCalled:N0} re-runs"),
        var c => "**" + string.Join(", ", new[]
        {
            c.StoredMissing > 0 ? string.Create(Invariant, $"{c.StoredMissing:N0} of {c.Stored:N0} not stored") : null,
            c.RunsUndecided > 0 ? string.Create(Invariant, $"{c.RunsUndecided:N0} of {c.Runs:N0} runs undecided") : null,
            c.PullRequestsBehind > 0 ? string.Create(Invariant, $"{c.PullRequestsBehind:N0} of {c.PullRequests:N0} PR heads stale") : null,
            c.RerunsCalled < c.FailedRuns ? string.Create(Invariant, $"{c.FailedRuns - c.RerunsCalled:N0} of {c.FailedRuns:N0} re-runs missing") : null,
        }.Where(part => part is not null)) + "**",
    };

    static string IdlePercent(IdleMeasurement idle, string name) =>
        idle.Cpu?.Parts.FirstOrDefault(p => p.Name == name) is { } part ? (part.Cores * 100).ToString("0.00", Invariant) + "%" : "–";

    static string Percent(double share) => (share * 100).ToString("0.#", Invariant) + "%";

    static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0", Invariant);

    static string Ms(double milliseconds) =>
        double.IsNaN(milliseconds) ? "–" : milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", Invariant);

    static string Cell(string? text) => (text ?? "").Replace('|', '/').Replace('\n', ' ');

    /// <summary>The command line as given to run.sh (which adds <c>--configuration Release</c>).</summary>
    static string Arguments()
    {
        var given = Environment.GetCommandLineArgs().Skip(1).ToList();
        var shown = new List<string>();
        for (var i = 0; i < given.Count; i++)
        {
            // The secret is never printed; --configuration Release is run.sh's own.
            if (given[i] == "--secret" || (given[i] == "--configuration" && i + 1 < given.Count && given[i + 1] == "Release"))
                i++;
            else if (!given[i].StartsWith("--secret=", StringComparison.Ordinal))
                shown.Add(given[i]);
        }

        return string.Join(' ', shown);
    }

    /// <summary>The commit measured, with "+changes" when the work tree differs from it.</summary>
    static string Commit()
    {
        try
        {
            var head = Git("rev-parse --short=10 HEAD");
            return string.IsNullOrEmpty(Git("status --porcelain --untracked-files=no")) ? head : head + "+changes";
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "unknown";
        }
    }

    static string Git(string arguments)
    {
        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = Micro.Testing.SourceTree.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("git did not start");
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }
}
