using System.Diagnostics;

namespace Micro.Testing;

/// <summary>What a command printed and how it ended.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Errors);

/// <summary>Runs a command to its end the way a shell or a CI step does: arguments, environment, captured output.</summary>
public static class Command
{
    /// <param name="environment">Variables to set; a null value removes one the test process would otherwise pass on.</param>
    public static async Task<CommandResult> Run(
        string file, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>>? environment = null, TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var (key, value) in environment ?? [])
        {
            if (value is null)
                start.Environment.Remove(key);
            else
                start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not end within {timeout ?? TimeSpan.FromMinutes(1)}:\n{await errors}");
        }

        return new CommandResult(process.ExitCode, await output, await errors);
    }

    /// <summary>Runs a command that must succeed; a non-zero exit throws with what it printed.</summary>
    public static async Task<CommandResult> Succeed(
        string file, IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>>? environment = null, TimeSpan? timeout = null)
    {
        var result = await Run(file, arguments, environment, timeout);
        return result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Errors}\n{result.Output}");
    }
}
