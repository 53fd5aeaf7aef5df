using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Micro.Benchmarks;

/// <summary>
/// The machine's ceiling: Kestrel on 127.0.0.1, in the generator's own process, reading each body whole and answering 202 with no
/// verification, parsing or storage. What is left of the machine for Micro is what this does not reach.
/// </summary>
sealed class BareEndpoint(WebApplication app, Uri url) : IBenchmarkTarget
{
    public Uri WebhookUrl { get; } = url;

    public IReadOnlyDictionary<int, string> Processes { get; } = new Dictionary<int, string>();

    public string GeneratorName => "generator + bare Kestrel";

    public static async Task<IBenchmarkTarget> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        app.MapPost("/webhooks/github", async context =>
        {
            var reader = context.Request.BodyReader;
            while (true)
            {
                var read = await reader.ReadAsync(context.RequestAborted);
                reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                    break;
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BareEndpoint(app, new Uri(new Uri(address), "/webhooks/github"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
