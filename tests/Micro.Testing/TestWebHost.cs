using Micro.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Testing;

/// <summary>
/// A Micro host on a real Kestrel server at 127.0.0.1 on a free port, composed by the same <see cref="MicroHostBuilder"/> the
/// Programs use, with test configuration laid over the defaults.
/// </summary>
public sealed class TestWebHost : IAsyncDisposable
{
    readonly WebApplication app;

    TestWebHost(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<TestWebHost> Start(IDictionary<string, string?> settings, Action<MicroHostBuilder> compose)
    {
        var micro = MicroHostBuilder.Create(new WebApplicationOptions { EnvironmentName = "Testing" });
        micro.Web.WebHost.UseUrls("http://127.0.0.1:0");
        micro.Configuration.AddInMemoryCollection(settings);
        compose(micro);

        var app = micro.Build();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestWebHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
