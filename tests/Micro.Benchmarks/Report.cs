using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Micro.Benchmarks;

/// <summary>Whether every delivery answered 202 (warm-up included) is in the target's database after it was stopped.</summary>
sealed record StorageCheck(long Accepted, long Missing);

/// <summary>One row of the table: a run, or a target that could not be measured.</summary>
sealed record TargetRow(string Target, RunMeasurement? Run, StorageCheck? Stored, string? Problem);

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

    public static string LoadDescription(BenchmarkOptions options, WebhookLoad load) => string.Create(Invariant,
        $"Load: {load.Body.Length:N0}-byte signed {WebhookLoad.Event} deliveries (a fresh X-GitHub-Delivery each) to POST /webhooks/github; " +
        $"each client keeps one request in flight; {options.Warmup.TotalSeconds:0.#} s warm-up, then {options.Duration.TotalSeconds:0.#} s measured; " +
        $"a request slower than {options.RequestTimeout.TotalSeconds:0.#} s counts as an error (GitHub gives up after 10 s).");

    public static string Summary(RunMeasurement run) => string.Create(Invariant,
        $"{run.AcceptedPerSecond:N0} accepted/s, p50 {Ms(run.P50Ms)} ms, p99 {Ms(run.P99Ms)} ms, max {Ms(run.MaxMs)} ms, errors {Errors(run)}") +
        (run.Cpu is null ? "" : $"; CPU: {run.Cpu}");

    public static string Markdown(IReadOnlyList<TargetRow> rows, BenchmarkOptions options, WebhookLoad load, Machine machine)
    {
        var text = new StringBuilder();
        text.AppendLine(machine.Summary);
        text.AppendLine();
        text.AppendLine(LoadDescription(options, load));
        text.AppendLine();
        text.AppendLine("| target | clients | accepted/s | p50 ms | p90 ms | p99 ms | max ms | errors | vs bare | 2xx stored |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---:|---|");
        foreach (var row in rows)
        {
            if (row.Run is not { } run)
            {
                text.AppendLine($"| {row.Target} | | | | | | | not measured: {Cell(row.Problem)} | | |");
                continue;
            }

            text.AppendLine(string.Create(Invariant,
                $"| {row.Target} | {run.Clients} | {run.AcceptedPerSecond:N0} | {Ms(run.P50Ms)} | {Ms(run.P90Ms)} | {Ms(run.P99Ms)} | {Ms(run.MaxMs)} " +
                $"| {Errors(run)} | {Ratio(rows, row)} | {Stored(row)} |"));
        }

        var splits = rows.Where(row => row.Run?.Cpu is not null).ToList();
        if (splits.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("CPU used during the measured window, in cores (\"other\" is whatever else ran on the machine):");
            text.AppendLine();
            foreach (var row in splits)
                text.AppendLine($"- {row.Target}, {row.Run!.Clients} clients: {row.Run.Cpu}");
        }

        return text.ToString();
    }

    public static string Json(IReadOnlyList<TargetRow> rows, BenchmarkOptions options, WebhookLoad load, Machine machine) =>
        JsonSerializer.Serialize(new
        {
            machine,
            settings = new
            {
                options.Clients,
                durationSeconds = options.Duration.TotalSeconds,
                warmupSeconds = options.Warmup.TotalSeconds,
                timeoutSeconds = options.RequestTimeout.TotalSeconds,
                bodyBytes = load.Body.Length,
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
                stored = row.Stored,
                cpu = row.Run?.Cpu,
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
        run.Errors.Count == 0 ? "0" : string.Join(", ", run.Errors.Select(e => string.Create(Invariant, $"{e.Key}: {e.Value:N0}")));

    static double? RatioValue(IReadOnlyList<TargetRow> rows, TargetRow row) =>
        row.Run is { } run && rows.FirstOrDefault(r => r.Target == "bare" && r.Run?.Clients == run.Clients)?.Run is { AcceptedPerSecond: > 0 } bare
            ? run.AcceptedPerSecond / bare.AcceptedPerSecond
            : null;

    static string Ratio(IReadOnlyList<TargetRow> rows, TargetRow row) =>
        RatioValue(rows, row) is { } ratio ? ratio.ToString("P0", Invariant).Replace(" ", "", StringComparison.Ordinal) : "–";

    static string Stored(TargetRow row) => row.Stored switch
    {
        null when row.Problem is not null => Cell(row.Problem),
        null => "n/a",
        { Missing: 0 } stored => string.Create(Invariant, $"all {stored.Accepted:N0}"),
        var stored => string.Create(Invariant, $"**{stored.Missing:N0} of {stored.Accepted:N0} missing**"),
    };

    static string Ms(double milliseconds) =>
        double.IsNaN(milliseconds) ? "–" : milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", Invariant);

    static string Cell(string? text) => (text ?? "").Replace('|', '/').Replace('\n', ' ');
}
