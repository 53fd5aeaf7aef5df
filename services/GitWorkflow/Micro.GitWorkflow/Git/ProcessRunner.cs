using System.Diagnostics;
using System.Text;

namespace Micro.GitWorkflow.Git;

/// <summary>
/// Runs a program without a shell: arguments are passed one by one (nothing is interpreted), the environment is given per call (so
/// secrets never appear in the command line), output is kept bounded, and a time-out or cancellation kills the whole process tree.
/// </summary>
public static class ProcessRunner
{
    /// <summary>
    /// All a program inherits from the service's own environment: enough to find programs, a home and a locale, and none of the
    /// service's secrets (tokens, connection strings, the internal secret), since a coding agent is steered by text from outside.
    /// What a program needs beyond this is given per call (git's access, an agent's configured environment).
    /// </summary>
    static readonly string[] Inherited = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"];

    public static async Task<ProcessResult> Run(
        string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, int outputLimit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var name in Inherited)
        {
            if (Environment.GetEnvironmentVariable(name) is { } inherited)
                start.Environment[name] = inherited;
        }

        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = new Process { StartInfo = start };
        var output = new BoundedText(outputLimit);
        process.OutputDataReceived += (_, line) => output.AppendLine(line.Data);
        process.ErrorDataReceived += (_, line) => output.AppendLine(line.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new ProcessResult(process.ExitCode, output.ToString(), TimedOut: true);
        }

        // The asynchronous readers may still hold the last lines: the parameterless wait drains them.
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.ToString(), TimedOut: false);
    }

    /// <summary>Keeps the first and the last part of a long output, the parts that say what started and how it ended.</summary>
    sealed class BoundedText(int limit)
    {
        readonly StringBuilder head = new();
        readonly Queue<string> tail = new();
        int tailLength;
        bool cut;

        public void AppendLine(string? line)
        {
            if (line is null)
                return;
            lock (head)
            {
                if (head.Length + line.Length + 1 <= limit / 2)
                {
                    head.AppendLine(line);
                    return;
                }

                tail.Enqueue(line);
                tailLength += line.Length + 1;
                while (tailLength > limit / 2 && tail.Count > 0)
                {
                    tailLength -= tail.Dequeue().Length + 1;
                    cut = true;
                }
            }
        }

        public override string ToString()
        {
            lock (head)
            {
                var text = new StringBuilder(head.ToString());
                if (cut)
                    text.AppendLine("[…]");
                foreach (var line in tail)
                    text.AppendLine(line);
                return text.ToString().TrimEnd();
            }
        }
    }
}

public sealed record ProcessResult(int ExitCode, string Output, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
