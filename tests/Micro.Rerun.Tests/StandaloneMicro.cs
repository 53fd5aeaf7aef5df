using MassTransit;
using Micro.Edge;
using Micro.Ingestion;
using Micro.Testing;
using Micro.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Rerun.Tests;

/// <summary>
/// Micro as the standalone host composes it (door, ingestion, rerun, in-memory bus, SQLite), receiving signed webhooks, with a fake
/// GitHub behind it. Settings given replace the test defaults (no delay, fast polls); a null value removes one.
/// </summary>
public sealed class StandaloneMicro : IAsyncDisposable
{
    readonly TestWebHost host;
    readonly string dataDirectory;

    StandaloneMicro(TestWebHost host, FakeGitHub gitHub, string dataDirectory)
    {
        this.host = host;
        this.dataDirectory = dataDirectory;
        GitHub = gitHub;
    }

    public FakeGitHub GitHub { get; }

    public HttpClient Client => host.Client;

    public IServiceProvider Services => host.Services;

    public ConsumedRunEvents Consumed => host.Services.GetRequiredService<ConsumedRunEvents>();

    public static async Task<StandaloneMicro> Start(IDictionary<string, string?>? settings = null)
    {
        var gitHub = await FakeGitHub.Start();
        var dataDirectory = Directory.CreateTempSubdirectory("micro-rerun-").FullName;
        var configuration = new Dictionary<string, string?>
        {
            ["GitHub:WebhookSecrets:0"] = RerunApiCalls.WebhookSecret,
            ["GitHub:ApiUrl"] = gitHub.ApiUrl.ToString(),
            ["GitHub:Token"] = FakeGitHub.Token,
            ["Database:DataDirectory"] = dataDirectory,
            ["Rerun:Delay"] = "00:00:00",
            ["Rerun:PollInterval"] = "00:00:00.050",
            ["Rerun:RecheckInterval"] = "00:00:00.200",
            ["Rerun:RetryBackoff"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;

        try
        {
            var host = await TestWebHost.Start(configuration, micro =>
            {
                micro.AsDoor(EdgeHost.Standalone).Add(new IngestionModule()).Add(new RerunModule());
                micro.Services.AddSingleton<ConsumedRunEvents>();
                micro.Services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumedRunEvents>());
            });
            return new StandaloneMicro(host, gitHub, dataDirectory);
        }
        catch
        {
            await gitHub.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await GitHub.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }
}
