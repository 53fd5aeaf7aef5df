using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Micro.Benchmarks;

/// <summary>Runs the repository's scripts and hosts, the way a user would.</summary>
static class ChildProcess
{
    /// <summary>Runs a script to its end; its stderr (progress) is passed on prefixed, its stdout returned.</summary>
    public static async Task<string> Run(string script, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, bool check = true)
    {
        var start = new ProcessStartInfo("bash", [script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Micro.Testing.SourceTree.Root,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var name = $"{Path.GetFileName(script)} {string.Join(' ', arguments)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        process.StandardInput.Close();
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
                lock (output) output.AppendLine(line.Data);
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
                return;
            Console.Error.WriteLine($"  [{name}] {line.Data}");
            lock (errors) errors.AppendLine(line.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{name} did not finish within {timeout.TotalSeconds:0} s");
        }

        process.WaitForExit(); // drains the output events
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{name} failed with exit code {process.ExitCode}:\n{errors}");
        return output.ToString();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200, the process dies or the time is up.</summary>
    public static async Task WaitReady(Uri address, Func<bool> alive, Func<string> log, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (!alive())
                throw new InvalidOperationException($"the process behind {address} exited during start-up:\n{log()}");
            try
            {
                using var response = await client.GetAsync(new Uri(address, "/health/ready"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // slow to answer while it starts
            }

            if (Stopwatch.GetTimestamp() > deadline)
                throw new InvalidOperationException($"{address}/health/ready did not answer 200 within {timeout.TotalSeconds:0} s:\n{log()}");
            await Task.Delay(250, cancellationToken);
        }
    }

    public static string Tail(string file, int lines = 30)
    {
        try
        {
            return string.Join('\n', File.ReadLines(file).TakeLast(lines));
        }
        catch (IOException)
        {
            return $"(no {file})";
        }
    }
}
