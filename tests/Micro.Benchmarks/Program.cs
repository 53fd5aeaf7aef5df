using Micro.Benchmarks;

var settings = BenchmarkSettings.Parse(args);
var results = new List<LoadResult>();
foreach (var target in settings.Targets)
{
    await using var running = await Targets.Start(target, settings);
    Console.Error.WriteLine($"{target}: {settings.Clients} clients, {settings.Warmup.TotalSeconds:0} s warm-up, {settings.Duration.TotalSeconds:0} s measured");
    results.Add(await LoadGenerator.Run(target, running.WebhookUrl, settings));
}

Report.Print(results, settings);
