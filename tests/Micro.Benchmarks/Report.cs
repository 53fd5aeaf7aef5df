using System.Globalization;
using System.Runtime.InteropServices;

namespace Micro.Benchmarks;

static class Report
{
    public static void Print(IReadOnlyList<LoadResult> results, BenchmarkSettings settings)
    {
        var ceiling = results.FirstOrDefault(r => r.Target == "bare")?.AcceptedPerSecond;
        Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; " +
            $"{WebhookLoad.Body.Length} B signed workflow_job deliveries, {settings.Duration.TotalSeconds:0} s after {settings.Warmup.TotalSeconds:0} s warm-up; " +
            "the load generator shares the machine with the system under test.");
        Console.WriteLine();
        Console.WriteLine("| target | clients | accepted/s | p50 ms | p90 ms | p99 ms | max ms | errors | vs bare |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var r in results)
        {
            var errors = r.Errors.Count == 0 ? "0" : string.Join(", ", r.Errors.Select(e => $"{e.Key}: {e.Value}"));
            var ratio = ceiling is > 0 ? (r.AcceptedPerSecond / ceiling.Value).ToString("P0", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Target} | {r.Clients} | {r.AcceptedPerSecond:0} | {r.P50:0.0} | {r.P90:0.0} | {r.P99:0.0} | {r.Max:0.0} | {errors} | {ratio} |"));
        }
    }
}
