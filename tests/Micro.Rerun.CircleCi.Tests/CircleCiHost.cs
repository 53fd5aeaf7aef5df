using Micro.Rerun.CircleCi;
using Micro.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micro.Rerun.CircleCi.Tests;

/// <summary>The CircleCI client as a host registers it, pointed at a fake CircleCI.</summary>
sealed class CircleCiHost : IAsyncDisposable
{
    readonly IHost host;

    CircleCiHost(IHost host, FakeCircleCi circleCi)
    {
        this.host = host;
        CircleCi = circleCi;
    }

    public FakeCircleCi CircleCi { get; }

    public CircleCiClient Client => host.Services.GetRequiredService<CircleCiClient>();

    public static async Task<CircleCiHost> Start(string? token = FakeCircleCi.Token)
    {
        var circleCi = await FakeCircleCi.Start();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CircleCi:ApiUrl"] = circleCi.ApiUrl.ToString(),
            ["CircleCi:Token"] = token,
        });
        builder.AddCircleCiBranchRerun();
        return new CircleCiHost(builder.Build(), circleCi);
    }

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        await CircleCi.DisposeAsync();
    }
}
