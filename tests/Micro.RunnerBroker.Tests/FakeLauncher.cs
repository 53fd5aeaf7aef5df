using System.Collections.Concurrent;
using System.Text.Json;
using Micro.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Micro.RunnerBroker.Tests;

/// <summary>
/// The original's launcher service (gha-slurm-munge) as a real HTTP server on loopback: <c>POST /runner/start</c> with the shared
/// secret in <c>auth-token</c>, answered 200 (it schedules the runner); a wrong secret is answered 401. A test can make it fail.
/// </summary>
public sealed class FakeLauncher : IAsyncDisposable
{
    public const string Secret = "launcher-shared-secret";

    readonly WebApplication app;
    readonly ConcurrentQueue<StartRequest> starts = new();
    readonly ConcurrentQueue<int> failures = new();

    FakeLauncher(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Requests it accepted, oldest first.</summary>
    public IReadOnlyList<StartRequest> Starts => [.. starts];

    public int Refused { get; private set; }

    /// <summary>Answers the next <paramref name="times"/> start requests with <paramref name="status"/>.</summary>
    public void Fail(int status, int times = 1)
    {
        for (var i = 0; i < times; i++)
            failures.Enqueue(status);
    }

    public static async Task<FakeLauncher> Start()
    {
        FakeLauncher? fake = null;
        var (app, address) = await LoopbackServer.Start(app => app.MapPost("/runner/start", async (HttpContext context) => await fake!.Handle(context)));
        fake = new FakeLauncher(app, address);
        return fake;
    }

    async Task Handle(HttpContext context)
    {
        if (context.Request.Headers["auth-token"] != Secret)
        {
            Refused++;
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("Unauthorized");
            return;
        }

        if (failures.TryDequeue(out var status))
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync($"launcher says no ({status})");
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        starts.Enqueue(new StartRequest(
            root.GetProperty("gitHubURL").GetString()!, root.GetProperty("launcherToken").GetString()!,
            root.GetProperty("runnerLabels").EnumerateArray().Select(label => label.GetString()!).ToList(), root.GetProperty("tokenURL").GetString()!));
        await context.Response.WriteAsync("OK");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record StartRequest(string GitHubUrl, string LauncherToken, IReadOnlyList<string> RunnerLabels, string TokenUrl);
