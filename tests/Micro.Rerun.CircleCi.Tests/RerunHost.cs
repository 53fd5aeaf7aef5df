using Micro.CircleCi;
using Micro.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micro.Rerun.CircleCi.Tests;

/// <summary>The branch re-run as a host registers it, pointed at a fake GitHub and a fake CircleCI.</summary>
sealed class RerunHost : IAsyncDisposable
{
    readonly IHost host;

    RerunHost(IHost host, FakeGitHub gitHub, FakeCircleCi circleCi)
    {
        this.host = host;
        GitHub = gitHub;
        CircleCi = circleCi;
    }

    public FakeGitHub GitHub { get; }

    public FakeCircleCi CircleCi { get; }

    public CircleCiClient Client => host.Services.GetRequiredService<CircleCiClient>();

    public static async Task<RerunHost> Start(IDictionary<string, string?>? settings = null)
    {
        var gitHub = await FakeGitHub.Start();
        var circleCi = await FakeCircleCi.Start();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitHub:ApiUrl"] = gitHub.ApiUrl.ToString(),
            ["GitHub:Token"] = FakeGitHub.Token,
            ["CircleCi:ApiUrl"] = circleCi.ApiUrl.ToString(),
            ["CircleCi:Token"] = FakeCircleCi.Token,
            // Reads are retried as in production, only closer together.
            ["CircleCi:RetryDelay"] = "00:00:00.010",
            ["GitHub:RetryDelay"] = "00:00:00.010",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddCircleCiBranchRerun();
        return new RerunHost(builder.Build(), gitHub, circleCi);
    }

    public Task<BranchRerunOutcome> Run(BranchRerunRequest request) =>
        host.Services.GetRequiredService<BranchWorkflowRerun>().Run(request, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        await GitHub.DisposeAsync();
        await CircleCi.DisposeAsync();
    }
}
