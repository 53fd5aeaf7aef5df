using Micro.Ingestion.Recovery;
using Micro.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Ingestion.Tests;

/// <summary>
/// An ingestion service on SQLite watching hooks of a fake GitHub for failed deliveries. Unless a test sets the interval, passes
/// run only when the test asks (<see cref="RecoverOnce"/>), so each one's effect can be checked.
/// </summary>
public sealed class RecoveringIngestion : IAsyncDisposable
{
    readonly string directory;

    RecoveringIngestion(IngestionService service, string directory)
    {
        Service = service;
        this.directory = directory;
        Measurements = new IngestionMeasurements(service.Services);
    }

    public IngestionService Service { get; }

    public HttpClient Client => Service.Client;

    public IngestionMeasurements Measurements { get; }

    public Uri WebhookUrl => new(Client.BaseAddress!, "webhooks/github");

    public static async Task<RecoveringIngestion> Start(FakeGitHub github, IDictionary<string, string?> settings, CapturedLogs? logs = null)
    {
        var directory = Directory.CreateTempSubdirectory("micro-ingestion-recovery-").FullName;
        var all = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = directory,
            ["GitHub:ApiUrl"] = github.ApiUrl.ToString(),
            ["GitHub:Token"] = FakeGitHub.Token,
            ["GitHub:WebhookRecovery:Enabled"] = "true",
            ["GitHub:WebhookRecovery:Interval"] = "1.00:00:00",
        };
        foreach (var (key, value) in settings)
            all[key] = value;
        return new RecoveringIngestion(await IngestionService.Start(all, logs), directory);
    }

    public Task<int> RecoverOnce() => Service.Services.GetRequiredService<DeliveryRecovery>().RecoverOnce(CancellationToken.None);

    /// <summary>Asks for this replica's turn at a pass, as the recovery loop does before each one.</summary>
    public Task<bool> ClaimPass(TimeSpan interval) =>
        Service.Services.GetRequiredService<RecoveryPassClaims>().TryClaim(interval, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Measurements.Dispose();
        await Service.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
