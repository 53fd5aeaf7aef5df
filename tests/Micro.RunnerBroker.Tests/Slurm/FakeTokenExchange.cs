using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTokenExchange(app);
        app.MapPost("/gha/runner", (HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            fake.Authorizations.Enqueue(authorization);
            return fake.JitConfig is { } jitConfig
                ? Results.Json(new { runner = new { id = 23, name = "micro-runner" }, encoded_jit_config = jitConfig })
                : Results.Json(new { token = RegistrationTokenFor(authorization), expires_at = DateTimeOffset.UtcNow.AddHours(1) });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.TokenUrl = new Uri(address.TrimEnd('/') + "/gha/runner");
        return fake;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
