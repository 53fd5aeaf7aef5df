using Micro.Benchmarks;

// Webhook ingestion throughput and latency: see README.md beside this file. Progress goes to stderr, the table to stdout.
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

var load = WebhookLoad.Create(options.Secret, options.BodyBytes);
var machine = Machine.Describe();
Console.Error.WriteLine($"{machine.Summary}\n{Report.LoadDescription(options, load)}");

var rows = new List<TargetRow>();
foreach (var name in options.Targets)
{
    if (interrupted.IsCancellationRequested)
        break;

    Console.Error.WriteLine($"{name}: starting ...");
    try
    {
        await using var target = await Targets.Start(name, options, interrupted.Token);
        await LoadGenerator.Probe(target.WebhookUrl, load, options.RequestTimeout, interrupted.Token);
        Console.Error.WriteLine($"{name}: ready at {target.WebhookUrl}");

        var runs = new List<RunMeasurement>();
        foreach (var clients in options.Clients)
        {
            if (interrupted.IsCancellationRequested)
                break;

            Console.Error.WriteLine($"{name}: {clients} clients, {options.Warmup.TotalSeconds:0.#} s warm-up + {options.Duration.TotalSeconds:0.#} s measured ...");
            var cpu = CpuSampler.Supported ? new CpuSampler(target.Processes, target.GeneratorName) : null;
            var run = await LoadGenerator.Run(target.WebhookUrl, load, clients, options.Warmup, options.Duration, options.RequestTimeout, cpu,
                interrupted.Token);
            Console.Error.WriteLine($"{name}: {Report.Summary(run)}");
            if (run.ErrorCount > 0)
                Console.Error.WriteLine(target.Diagnostics());
            runs.Add(run);
        }

        IReadOnlySet<Guid>? stored = null;
        string? storeProblem = null;
        try
        {
            stored = await target.StopAndReadStored();
        }
        catch (Exception exception)
        {
            storeProblem = $"could not read what {name} stored: {exception.Message}";
            Console.Error.WriteLine($"{name}: {storeProblem}");
        }

        foreach (var run in runs)
        {
            var check = stored is null ? null : new StorageCheck(run.AcceptedDeliveries.Count, run.AcceptedDeliveries.Count(id => !stored.Contains(id)));
            rows.Add(new TargetRow(name, run, check, storeProblem));
        }

        Console.Error.WriteLine($"{name}: stopped" + (stored is null ? "" : $"; {stored.Count} deliveries in its database"));
    }
    catch (Exception exception) when (exception is not UsageException)
    {
        Console.Error.WriteLine($"{name}: FAILED: {exception.Message}");
        rows.Add(new TargetRow(name, null, null, exception.Message.Split('\n')[0]));
    }
    catch (UsageException usage)
    {
        Console.Error.WriteLine($"error: {usage.Problem}\n\n{BenchmarkOptions.Usage}");
        return 2;
    }
}

Console.WriteLine(Report.Markdown(rows, options, load, machine));
if (options.JsonFile is { } json)
{
    await File.WriteAllTextAsync(json, Report.Json(rows, options, load, machine));
    Console.Error.WriteLine($"results written to {json}");
}

return rows.Any(row => row.Run is null) || interrupted.IsCancellationRequested ? 1 : 0;
