namespace Micro.Benchmarks;

/// <summary>Each process of a target with nothing to do: its CPU (cores) over the idle window and its resident memory at the end.</summary>
sealed record IdleMeasurement(CpuSplit? Cpu, IReadOnlyDictionary<string, long> Rss);

static class Idle
{
    /// <summary>
    /// Null for a target without processes of its own (bare, url=) or when skipped (<c>--idle 0</c>). The window begins once
    /// <paramref name="settle"/> has passed: a .NET process just started keeps compiling for a minute or two (tiered compilation
    /// recompiles a polling loop after some 30 rounds of it), which is start-up work, not what it costs to keep it running.
    /// </summary>
    public static async Task<IdleMeasurement?> Measure(IBenchmarkTarget target, TimeSpan settle, TimeSpan window, CancellationToken cancellationToken)
    {
        if (window <= TimeSpan.Zero || target.Processes.Count == 0 || !CpuSampler.Supported)
            return null;

        if (settle > TimeSpan.Zero)
        {
            var settling = await Sample(target, settle, cancellationToken);
            Console.Error.WriteLine($"  settling after start-up ({settle.TotalSeconds:0} s, not counted as idle): {settling}");
        }

        var cpu = await Sample(target, window, cancellationToken);
        return new IdleMeasurement(cpu, target.Processes.ToDictionary(p => p.Value, p => ProcessMemory.Resident(p.Key) ?? 0));
    }

    static Task<CpuSplit?> Sample(IBenchmarkTarget target, TimeSpan window, CancellationToken cancellationToken)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        return new CpuSampler(target.Processes, target.GeneratorName)
            .Sample(start, start + (long)(window.TotalSeconds * System.Diagnostics.Stopwatch.Frequency), cancellationToken);
    }
}
