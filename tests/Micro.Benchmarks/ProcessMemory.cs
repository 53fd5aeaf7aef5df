using System.Globalization;

namespace Micro.Benchmarks;

/// <summary>A process's resident memory from <c>/proc/PID/status</c>: now (<c>VmRSS</c>) and its peak so far (<c>VmHWM</c>), in bytes.</summary>
static class ProcessMemory
{
    public static long? Resident(int pid) => Read(pid, "VmRSS:");

    public static long? Peak(int pid) => Read(pid, "VmHWM:");

    static long? Read(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            // "VmRSS:	  123456 kB"
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
