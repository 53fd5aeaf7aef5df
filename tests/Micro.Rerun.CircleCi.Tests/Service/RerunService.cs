using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Micro.Edge;
using Micro.Ingestion;
using Micro.Rerun.CircleCi;
using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.Rerun.CircleCi.Tests.Service;

/// <summary>
/// The rerun module hosted for a test on a real port: either in the standalone composition (edge, ingestion, rerun, in-memory bus,
/// SQLite) receiving signed webhooks, or as one replica of the rerun service on PostgreSQL and RabbitMQ.
/// </summary>
sealed class RerunService : IAsyncDisposable
{
    public const string WebhookSecret = "circleci-rerun-webhook-secret";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly TestWebHost web;
    readonly string? dataDirectory;

    RerunService(TestWebHost web, string? dataDirectory)
    {
        this.web = web;
        this.dataDirectory = dataDirectory;
    }

    public HttpClient Client => web.Client;

    public IServiceProvider Services => web.Services;

    public static async Task<RerunService> Standalone(FakeGitHub gitHub, FakeCircleCi circleCi, IDictionary<string, string?>? settings = null)
    {
        var data = Directory.CreateTempSubdirectory("micro-circleci-reruns-").FullName;
        var web = await TestWebHost.Start(Settings(gitHub, circleCi, settings, new()
        {
            ["Database:DataDirectory"] = data,
            ["GitHub:WebhookSecrets:0"] = WebhookSecret,
        }), micro => micro.AsDoor(EdgeHost.Standalone).Add(new IngestionModule()).Add(new RerunModule()));
        return new RerunService(web, data);
    }

    public static async Task<RerunService> Replica(
        FakeGitHub gitHub, FakeCircleCi circleCi, string database, string rabbitMq, IDictionary<string, string?>? settings = null)
    {
        var web = await TestWebHost.Start(Settings(gitHub, circleCi, settings, new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Rerun"] = database,
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = rabbitMq,
        }), micro => micro.Add(new RerunModule()));
        await web.Services.WaitUntilBusHealthy();
        return new RerunService(web, null);
    }

    static Dictionary<string, string?> Settings(
        FakeGitHub gitHub, FakeCircleCi circleCi, IDictionary<string, string?>? overrides, Dictionary<string, string?> hosting)
    {
        Dictionary<string, string?> settings = new(hosting)
        {
            ["GitHub:ApiUrl"] = gitHub.ApiUrl.ToString(),
            ["GitHub:Token"] = FakeGitHub.Token,
            ["CircleCi:ApiUrl"] = circleCi.ApiUrl.ToString(),
            ["CircleCi:Token"] = FakeCircleCi.Token,
            ["Rerun:CircleCi:SweepInterval"] = "00:00:00.100",
            // Reads are retried as in production, only closer together.
            ["CircleCi:RetryDelay"] = "00:00:00.010",
            ["GitHub:RetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;
        return settings;
    }

    public Task<HttpResponseMessage> Post(string body) =>
        Client.PostAsync("/api/rerun/circleci", new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>Asks for a re-run and returns the id of the accepted request.</summary>
    public async Task<Guid> Request(string repository = "acme/core-api", bool dryRun = false)
    {
        var response = await Client.PostAsJsonAsync("/api/rerun/circleci", new
        {
            githubRepository = repository,
            branchPrefix = "release/",
            projectSlug = "gh/acme/core-api",
            workflowName = "deploy_staging",
            dryRun,
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<CircleCiRerunAccepted>(Json))!;
        Assert.Equal($"/api/rerun/circleci/{accepted.Id}", response.Headers.Location?.OriginalString);
        return accepted.Id;
    }

    public async Task<CircleCiRerunView?> Find(Guid id)
    {
        var response = await Client.GetAsync($"/api/rerun/circleci/{id}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<CircleCiRerunView>(Json);
    }

    /// <summary>The request once it is done.</summary>
    public async Task<CircleCiRerunView> Completed(Guid id)
    {
        CircleCiRerunView? view = null;
        await Eventually.True(async () => (view = await Find(id))?.State == CircleCiRerunRequest.Done, $"request {id} is done");
        return view!;
    }

    /// <summary>A signed <c>pull_request</c> webhook made from octokit's real "closed" payload, edited.</summary>
    public Task<HttpResponseMessage> PullRequestClosed(string deliveryId, string repository, string head, string @base, bool merged)
    {
        var payload = JsonNode.Parse(Fixtures.Read("octokit-webhooks", "split", "pull_request", "closed.payload.json"))!;
        payload["pull_request"]!["merged"] = merged;
        payload["pull_request"]!["head"]!["ref"] = head;
        payload["pull_request"]!["base"]!["ref"] = @base;
        payload["repository"]!["full_name"] = repository;
        payload["repository"]!["name"] = repository.Split('/')[1];
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", GitHubWebhookSigner.Sign(WebhookSecret, body));
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await web.DisposeAsync();
        if (dataDirectory is not null)
            Directory.Delete(dataDirectory, recursive: true);
    }
}
