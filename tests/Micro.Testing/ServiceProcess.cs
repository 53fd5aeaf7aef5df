using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Micro.Testing;

/// <summary>A built Micro host run as its own process, the way a user starts it, on a free loopback port.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> output;

    ServiceProcess(Process process, ConcurrentQueue<string> output, Uri address)
    {
        this.process = process;
        this.output = output;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public string Output => string.Join('\n', output);

    /// <summary>Starts <paramref name="assembly"/> (a path relative to the repository) from its own folder and waits until it is healthy.</summary>
    /// <param name="listenOn">The host it listens on: <c>0.0.0.0</c> for every address, as a server beyond loopback is; the test still
    /// calls it on loopback.</param>
    public static async Task<ServiceProcess> Start(string assembly, IDictionary<string, string> environment, string workingDirectory, string listenOn = "127.0.0.1")
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(SourceTree.Root, assembly), "--urls", $"http://{listenOn}:{port}"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var output = new ConcurrentQueue<string>();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? string.Empty);
        process.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(process, output, address);
        try
        {
            await Eventually.True(async () =>
            {
                if (process.HasExited)
                {
                    // Waits for the redirected output to be read to its end too, so the message carries what the process said last.
                    process.WaitForExit();
                    throw new InvalidOperationException($"{assembly} exited with {process.ExitCode}:\n{service.Output}");
                }
                try
                {
                    return (await service.Client.GetAsync("/health")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, $"{assembly} answers /health", TimeSpan.FromSeconds(60));
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    public static string BuildConfiguration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
