using System.Net.Http.Headers;
using System.Text;
using Micro.Testing;

namespace Micro.EndToEnd.Tests.Fuzzing;

/// <summary>
/// The built standalone host (in-memory bus, SQLite in a temp directory) with a webhook secret and both kinds of token, and no rate
/// limit to speak of, so that fuzzed requests reach the endpoints rather than the limiter.
/// </summary>
public sealed class FuzzedStandalone : IAsyncLifetime
{
    public const string WebhookSecret = "fuzz-webhook-secret";
    public const string AdminToken = "fuzz-admin-token";

    readonly string workingDirectory = Directory.CreateTempSubdirectory("micro-fuzz-").FullName;
    ServiceProcess micro = null!;

    public HttpClient Client { get; private set; } = null!;

    public string Output => micro.Output;

    public async Task InitializeAsync()
    {
        micro = await ServiceProcess.Start($"services/Standalone/Micro.Standalone/bin/{ServiceProcess.BuildConfiguration}/net10.0/Micro.Standalone.dll",
            new Dictionary<string, string>
            {
                ["GITHUB_WEBHOOK_SECRET"] = WebhookSecret,
                ["MICRO_API_TOKEN"] = "fuzz-pipeline-token",
                ["MICRO_ADMIN_TOKEN"] = AdminToken,
                ["Gateway__RateLimit__PermitLimit"] = "1000000",
                // Nothing answers here: calls to GitHub fail fast and are recorded, as without credentials.
                ["GitHub__ApiUrl"] = "http://127.0.0.1:9/",
                ["CircleCi__ApiUrl"] = "http://127.0.0.1:9/",
            }, workingDirectory);
        // Header values go on the wire as UTF-8, so non-ASCII bytes reach the host instead of being refused by HttpClient.
        Client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = micro.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await micro.DisposeAsync();
        Directory.Delete(workingDirectory, recursive: true);
    }
}
