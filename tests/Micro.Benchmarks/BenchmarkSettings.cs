using System.Globalization;

namespace Micro.Benchmarks;

/// <summary>What to measure: <c>--targets bare,standalone,distributed --clients 32 --duration 15 --warmup 5</c>.</summary>
sealed record BenchmarkSettings(IReadOnlyList<string> Targets, int Clients, TimeSpan Duration, TimeSpan Warmup, string Configuration)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
            options[args[i].TrimStart('-')] = args[i + 1];

        return new BenchmarkSettings(
            (options.GetValueOrDefault("targets") ?? "bare,standalone,distributed").Split(',', StringSplitOptions.RemoveEmptyEntries),
            int.Parse(options.GetValueOrDefault("clients") ?? "32", CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("duration") ?? "15", CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("warmup") ?? "5", CultureInfo.InvariantCulture)),
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name);
    }
}
