using System.Diagnostics;
using System.Globalization;

namespace Micro.Benchmarks;

/// <summary>CPU used during the measured window, in cores, by part: the generator, each process under test, PostgreSQL, RabbitMQ, the rest.</summary>
sealed record CpuSplit(double Seconds, int Cores, IReadOnlyList<CpuShare> Parts, double Idle)
{
    public override string ToString() =>
        string.Join(", ", Parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Cores:0.00}"))) +
        string.Create(CultureInfo.InvariantCulture, $", idle {Idle:0.00} (of {Cores} cores)");
}

sealed record CpuShare(string Name, double Cores);

/// <summary>
/// Reads <c>/proc</c> (Linux) at the start and the end of the measured window: every process's user + system time, and the machine's
/// idle time. Two scans per run, so it costs the generator nothing during the load. Whatever else runs on the machine shows up as
/// "other", so a measurement disturbed by a neighbour says so.
/// </summary>
sealed class CpuSampler(IReadOnlyDictionary<int, string> processes, string selfName)
{
    const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on.
    const double Negligible = 0.01;
    const long KernelThreadFlag = 0x00200000; // PF_KTHREAD

    static readonly Dictionary<string, string> KnownCommands = new(StringComparer.Ordinal)
    {
        ["postgres"] = "postgres",
        ["beam.smp"] = "rabbitmq",
        ["erl_child_setup"] = "rabbitmq",
        ["inet_gethost"] = "rabbitmq",
        ["epmd"] = "rabbitmq",
    };

    public static bool Supported => OperatingSystem.IsLinux() && File.Exists("/proc/stat");

    public async Task<CpuSplit?> Sample(long start, long end, CancellationToken cancellationToken)
    {
        try
        {
            await Until(start, cancellationToken);
            var (before, machineBefore, startedAt) = Snapshot();
            await Until(end, cancellationToken);
            var (after, machineAfter, endedAt) = Snapshot();

            var seconds = Stopwatch.GetElapsedTime(startedAt, endedAt).TotalSeconds;
            var parts = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (pid, now) in after)
            {
                // The same process (not a recycled id) since the first scan, else all of its time is in the window.
                var used = now.Ticks - (before.TryGetValue(pid, out var earlier) && earlier.StartTime == now.StartTime ? earlier.Ticks : 0);
                if (used <= 0)
                    continue;

                var name = Environment.ProcessId == pid ? selfName
                    : processes.TryGetValue(pid, out var known) ? known
                    : now.KernelThread ? "kernel threads"
                    : KnownCommands.TryGetValue(now.Command, out var service) ? service
                    : $"other ({now.Command})";
                parts[name] = parts.GetValueOrDefault(name) + used / TicksPerSecond / seconds;
            }

            parts["interrupts"] = (machineAfter.Interrupts - machineBefore.Interrupts) / TicksPerSecond / seconds;
            parts["stolen by the hypervisor"] = (machineAfter.Steal - machineBefore.Steal) / TicksPerSecond / seconds;
            // The processes under test are always listed, even idle ones: "0.00" is a finding too.
            foreach (var name in processes.Values)
                parts.TryAdd(name, 0);
            var shares = parts.Where(p => p.Value >= Negligible || processes.Values.Contains(p.Key)).OrderByDescending(p => p.Value).Select(p => new CpuShare(p.Key, p.Value)).ToList();
            return new CpuSplit(seconds, Environment.ProcessorCount, shares, (machineAfter.Idle - machineBefore.Idle) / TicksPerSecond / seconds);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or OperationCanceledException)
        {
            return null;
        }
    }

    static Task Until(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
    }

    static (Dictionary<int, ProcessTime> Processes, MachineTime Machine, long At) Snapshot()
    {
        var at = Stopwatch.GetTimestamp();
        var processes = new Dictionary<int, ProcessTime>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid))
                continue;

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile
            }

            // pid (comm) state ppid ... (proc(5)): comm may hold spaces and parentheses, so split after the last ')'; fields[0] is
            // field 3 (state), so field n is fields[n - 3]: flags 9, utime 14, stime 15, starttime 22.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
            processes[pid] = new ProcessTime(stat[(open + 1)..close], Field(14) + Field(15), Field(22), (Field(9) & KernelThreadFlag) != 0);
        }

        // cpu  user nice system idle iowait irq softirq steal ...: interrupt time is nobody's process time (loopback traffic is much of it).
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Column(int index) => cpu.Length > index ? long.Parse(cpu[index], CultureInfo.InvariantCulture) : 0;
        var idle = Column(4) + Column(5);
        var interrupts = Column(6) + Column(7);
        var steal = Column(8);
        return (processes, new MachineTime(idle, interrupts, steal), at);
    }

    readonly record struct MachineTime(long Idle, long Interrupts, long Steal);

    readonly record struct ProcessTime(string Command, long Ticks, long StartTime, bool KernelThread);
}
