using System.Diagnostics;
using Micro.Benchmarks;

// Webhook throughput and latency, end to end: see README.md beside this file. Progress goes to stderr, the tables to stdout.
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
    foreach (var target in options.Targets)
        Targets.Validate(target);
}
catch (UsageException usage)
{
    if (usage.Problem is not null)
        Console.Error.WriteLine($"error: {usage.Problem}\n");
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return usage.Problem is null ? 0 : 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    // First Ctrl-C: stop the load and clean up (child processes, temp directories, databases); a second one ends at once.
    press.Cancel = !interrupted.IsCancellationRequested;
    Console.Error.WriteLine("interrupted: stopping the load and cleaning up ...");
    interrupted.Cancel();
};

var shape = StreamShape.Default(options.Seed, options.Clients.Max(), options.Stories);
var machine = Machine.Describe();
Console.Error.WriteLine($"{machine.Summary}\n{Report.LoadDescription(options, shape)}");

var rows = new List<TargetRow>();
foreach (var name in options.Targets)
{
    if (interrupted.IsCancellationRequested)
        break;

    Console.Error.WriteLine($"{name}: starting ...");
    try
    {
        await using var target = await Targets.Start(name, options, interrupted.Token);
        // GitHub has a run completed once its last job has: from then on a re-run may be asked for.
        var stream = new WebhookStream(options.Secret, shape,
            run => target.GitHub?.SetWorkflowRun(run.Repository, run.RunId, "completed", run.Failed ? "failure" : "success"));
        await LoadGenerator.Probe(target.WebhookUrl, stream.Ping(), options.RequestTimeout, interrupted.Token);
        Console.Error.WriteLine($"{name}: ready at {target.WebhookUrl}");

        var idle = await Idle.Measure(target, options.Settle, options.Idle, interrupted.Token);
        if (idle is not null)
            Console.Error.WriteLine($"{name}: idle {Report.IdleSummary(idle)}");

        var targetRows = new List<TargetRow>();
        DateTime? measuredFrom = null;
        var rate = name == Targets.RerunLatency ? options.RerunRate : 0;
        foreach (var clients in options.Clients)
        {
            if (interrupted.IsCancellationRequested)
                break;

            Console.Error.WriteLine($"{name}: {clients} clients{(rate > 0 ? $" at {rate:0} deliveries/s" : "")}, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s measured ...");
            // The warm-up is load like the rest, but what the consumers still owe at its end (fresh services fall behind while they JIT) is left
            // to them before the window opens: otherwise the window's end-to-end latencies and backlog would be the warm-up's.
            await LoadGenerator.Run(target.WebhookUrl, stream, clients, rate, options.Warmup, options.RequestTimeout, null, interrupted.Token);
            var (afterWarmup, warmupDrainedIn) = await Drain(target, stream, options.Drain, interrupted.Token);
            if (afterWarmup is not null)
                Console.Error.WriteLine($"{name}: queued after the warm-up: {afterWarmup}; " +
                    (warmupDrainedIn is { } caughtUp ? $"caught up after {caughtUp.TotalSeconds:0.0} s" : $"NOT caught up after {options.Drain.TotalSeconds:0} s"));

            measuredFrom ??= DateTime.UtcNow;
            var cpu = CpuSampler.Supported ? new CpuSampler(target.Processes, target.GeneratorName) : null;
            var run = await LoadGenerator.Run(target.WebhookUrl, stream, clients, rate, options.Duration, options.RequestTimeout, cpu,
                interrupted.Token);
            var row = new TargetRow(name, run, null)
            {
                Idle = idle,
                LagAtStart = warmupDrainedIn is null ? afterWarmup : null,
                PeakRss = target.Processes.ToDictionary(p => p.Value, p => ProcessMemory.Peak(p.Key) ?? 0),
            };
            Console.Error.WriteLine($"{name}: {Report.Summary(run)}");
            if (run.ErrorCount > 0)
                Console.Error.WriteLine(target.Diagnostics());
            (row.LagAtEnd, row.DrainedIn) = await Drain(target, stream, options.Drain, interrupted.Token);
            if (row.LagAtEnd is not null)
                Console.Error.WriteLine($"{name}: queued when the load stopped: {row.LagAtEnd}; " +
                    (row.DrainedIn is { } drained ? $"caught up after {drained.TotalSeconds:0.0} s" : $"NOT caught up after {options.Drain.TotalSeconds:0} s"));
            targetRows.Add(row);
        }

        Consumption? consumption = null;
        string? problem = null;
        try
        {
            consumption = await target.StopAndCheck(stream, measuredFrom ?? DateTime.UtcNow);
        }
        catch (Exception exception)
        {
            problem = $"could not read what {name} stored: {exception.Message}";
            Console.Error.WriteLine($"{name}: {problem}");
        }

        foreach (var row in targetRows)
            rows.Add(row with { Consumption = consumption, Problem = problem });
        Console.Error.WriteLine($"{name}: stopped" + (consumption is null ? "" : $"; {Report.ConsumptionSummary(consumption)}"));
    }
    catch (Exception exception) when (exception is not UsageException)
    {
        Console.Error.WriteLine($"{name}: FAILED: {exception.Message}");
        rows.Add(new TargetRow(name, null, exception.Message.Split('\n')[0]));
    }
    catch (UsageException usage)
    {
        Console.Error.WriteLine($"error: {usage.Problem}\n\n{BenchmarkOptions.Usage}");
        return 2;
    }
}

var tables = Report.Markdown(rows, options, shape, machine);
Console.WriteLine(tables);
if (options.MarkdownFile is { } markdown)
{
    await File.WriteAllTextAsync(markdown, tables);
    Console.Error.WriteLine($"tables written to {markdown}");
}

if (options.JsonFile is { } json)
{
    await File.WriteAllTextAsync(json, Report.Json(rows, options, shape, machine));
    Console.Error.WriteLine($"results written to {json}");
}

return rows.Any(row => row.Run is null) || interrupted.IsCancellationRequested ? 1 : 0;

// What the consumers still had to do when the load stopped, and how long they took to finish it (null: not within the drain time).
// Finished means no message waiting anywhere nor in a consumer's hands and, where a fake GitHub is called, every failed run's re-run
// asked for; it is timed at the reading that showed it.
static async Task<(Backlog? AtEnd, TimeSpan? DrainedIn)> Drain(IBenchmarkTarget target, WebhookStream stream, TimeSpan limit, CancellationToken cancellationToken)
{
    var started = Stopwatch.GetTimestamp();
    var atEnd = await target.Backlog();
    if (atEnd is null)
        return (null, null);

    var backlog = atEnd;
    var readAt = TimeSpan.Zero;
    while (true)
    {
        var reruns = target.GitHub is { } gitHub ? Consumption.Reruns(stream, gitHub, DateTime.MaxValue) : (Failed: 0L, Called: 0L, Ms: []);
        if (backlog.Total == 0 && reruns.Called >= reruns.Failed && await target.NothingInHand())
            return (atEnd, readAt);
        if (Stopwatch.GetElapsedTime(started) > limit || cancellationToken.IsCancellationRequested)
            return (atEnd, null);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        readAt = Stopwatch.GetElapsedTime(started);
        backlog = await target.Backlog() ?? backlog;
    }
}
