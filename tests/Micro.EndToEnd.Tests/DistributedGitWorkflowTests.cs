using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micro.PrLock.Tests;
using Micro.Testing;
using Micro.Testing.Git;

namespace Micro.EndToEnd.Tests;

/// <summary>
/// The distributed topology with git repositories around it: served over smart HTTP behind a token (<c>GIT_TOKEN</c>, as the original
/// took it), and as local bare repositories, which the git-workflow service is allowed to use here.
/// </summary>
public sealed class GitWorkflowTopology : IAsyncLifetime
{
    public const string GitToken = "end-to-end-git-token";

    public BareRepositories Repositories { get; } = new();

    public GitHttpServer Git { get; private set; } = null!;

    public DistributedTopology Topology { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Git = await GitHttpServer.Start(Repositories, GitToken);
        Topology = await DistributedTopology.Start(new Dictionary<string, string>
        {
            // Pub/Sub pushes come from the test, not from Google: no OIDC token to check.
            ["PubSub__Push__AllowUnauthenticated"] = "true",
            ["GitWorkflow__AllowLocalRepositories"] = "true",
            ["GIT_TOKEN"] = GitToken,
        });
    }

    public async Task DisposeAsync()
    {
        await Topology.DisposeAsync();
        await Git.DisposeAsync();
        Repositories.Dispose();
    }
}

/// <summary>
/// Git workflows through the gateway: the original's Pub/Sub message pushed to <c>/webhooks/pubsub</c> is stored by ingestion, published
/// on RabbitMQ and run by the git-workflow process; a pipeline's <c>POST /api/workflows</c> likewise. Runs are read back through the
/// gateway, and the repositories show what the runs pushed.
/// </summary>
public sealed class DistributedGitWorkflowTests(GitWorkflowTopology world) : IClassFixture<GitWorkflowTopology>
{
    [Fact]
    public async Task A_Pub_Sub_push_at_the_gateway_runs_hello_world_on_a_repository_served_over_HTTP()
    {
        await world.Repositories.Create("acme/pushed");
        using var gateway = world.Topology.Client();
        var messageId = Random.Shared.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString();
        var data = JsonSerializer.Serialize(new { workflow = "hello_world", parameters = new { git_url = world.Git.UrlOf("acme/pushed") } });

        // Pub/Sub sends no API token: the push endpoint is a webhook.
        using var pubSub = new HttpClient { BaseAddress = world.Topology.Gateway };

        using var pushed = await pubSub.PostAsync("/webhooks/pubsub", new StringContent(PushEnvelope(messageId, data), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NoContent, pushed.StatusCode);
        JsonElement run = default;
        await Eventually.True(async () =>
        {
            var runs = (await gateway.GetFromJsonAsync<JsonElement>("/api/workflows?workflow=hello_world")).GetProperty("runs").EnumerateArray();
            run = runs.FirstOrDefault(candidate => candidate.Text("source") == $"pubsub:{Subscription}");
            return run.ValueKind == JsonValueKind.Object && run.Text("state") is "succeeded" or "failed" or "rejected";
        }, "the pushed request's run has ended", TimeSpan.FromSeconds(90));
        Assert.True(run.Text("state") == "succeeded", $"the run ended otherwise: {run}");
        await AssertHelloWorldBranch("acme/pushed");
        Assert.Contains(world.Git.Authorizations, authorization => authorization.StartsWith("Basic ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_posted_to_the_API_at_the_gateway_succeeds()
    {
        await world.Repositories.Create("acme/posted");
        using var gateway = world.Topology.Client();

        using var accepted = await gateway.PostAsJsonAsync("/api/workflows",
            new { workflow = "hello_world", parameters = new { git_url = world.Repositories.FileUrl("acme/posted") } });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Json()).Text("id");
        JsonElement run = default;
        await Eventually.True(async () =>
        {
            run = await gateway.GetFromJsonAsync<JsonElement>($"/api/workflows/{id}");
            return run.Text("state") is "succeeded" or "failed" or "rejected";
        }, $"run {id} has ended", TimeSpan.FromSeconds(90));
        Assert.True(run.Text("state") == "succeeded", $"the run ended otherwise: {run}");
        await AssertHelloWorldBranch("acme/posted");
    }

    async Task AssertHelloWorldBranch(string repository)
    {
        var branch = Assert.Single(await world.Repositories.Branches(repository), name => name != "main");
        Assert.Matches("^hello-world-[0-9]{4}$", branch);
        Assert.Equal("Hello, World!", await world.Repositories.FileAt(repository, branch, "hello_world.txt"));
    }

    // A full subscription name as Pub/Sub sends it, longer than the 50 characters a run's source once had room for.
    const string Subscription = "projects/micro-e2e/subscriptions/workflows-push";

    /// <summary>What a Pub/Sub push subscription POSTs: the message, its data base64-encoded, and the subscription.</summary>
    static string PushEnvelope(string messageId, string data) => JsonSerializer.Serialize(new
    {
        message = new
        {
            data = Convert.ToBase64String(Encoding.UTF8.GetBytes(data)),
            attributes = new Dictionary<string, string>(),
            messageId,
            message_id = messageId,
            publishTime = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
        },
        subscription = Subscription,
    });
}
