namespace Micro.Benchmarks;

/// <summary>Each process of a target with nothing to do: its CPU (cores) over the idle window and its resident memory at the end.</summary>
sealed record IdleMeasurement(CpuSplit? Cpu, IReadOnlyDictionary<string, long> Rss);

static class Idle
{
    /// <summary>Null for a target without processes of its own (bare, url=) or when skipped (<c>--idle 0</c>).</summary>
    public static async Task<IdleMeasurement?> Measure(IBenchmarkTarget target, TimeSpan window, CancellationToken cancellationToken)
    {
        if (window <= TimeSpan.Zero || target.Processes.Count == 0 || !CpuSampler.Supported)
            return null;

        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var cpu = await new CpuSampler(target.Processes, target.GeneratorName)
            .Sample(start, start + (long)(window.TotalSeconds * System.Diagnostics.Stopwatch.Frequency), cancellationToken);
        return new IdleMeasurement(cpu, target.Processes.ToDictionary(p => p.Value, p => ProcessMemory.Resident(p.Key) ?? 0));
    }
}
