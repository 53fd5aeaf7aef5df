using System.Collections.Concurrent;
using Micro.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Micro.RunnerBroker.Tests.Slurm;

/// <summary>
/// Stands in for Micro's <c>POST /gha/runner</c> on 127.0.0.1: records the <c>Authorization</c> each job script sends and answers
/// with a registration token named after it, as <c>{"token", "expires_at"}</c>, or with a just-in-time runner configuration.
/// </summary>
public sealed class FakeTokenExchange : IAsyncDisposable
{
    readonly WebApplication app;

    FakeTokenExchange(WebApplication app) => this.app = app;

    public Uri TokenUrl { get; private set; } = null!;

    /// <summary>The <c>Authorization</c> header of every exchange, in order.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>When set, answers as in <c>RunnerBroker:RunnerMode=jit</c>: GitHub's just-in-time runner with this configuration.</summary>
    public string? JitConfig { get; set; }

    public static string RegistrationTokenFor(string authorization) =>
        "REG" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(authorization)))[..20];

    public static async Task<FakeTokenExchange> Start()
    {
        FakeTokenExchange? fake = null;
        var (app, address) = await LoopbackServer.Start(app => app.MapPost("/gha/runner", (HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            fake!.Authorizations.Enqueue(authorization);
            return fake.JitConfig is { } jitConfig
                ? Results.Json(new { runner = new { id = 23, name = "micro-runner" }, encoded_jit_config = jitConfig })
                : Results.Json(new { token = RegistrationTokenFor(authorization), expires_at = DateTimeOffset.UtcNow.AddHours(1) });
        }));
        fake = new FakeTokenExchange(app) { TokenUrl = new Uri(address, "gha/runner") };
        return fake;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
