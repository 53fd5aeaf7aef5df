using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Micro.Contracts.Workflows;
using Micro.Testing;
using Micro.Testing.Fakes;
using Micro.Testing.Git;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.GitWorkflow.Tests;

/// <summary>
/// The git-workflow module on a real port, as its Program wires it (SQLite and the in-memory bus), with its world around it: bare
/// repositories served over smart HTTP twice (one server taken for GitHub, the other for GitLab, each asking for its own token), the
/// fake GitHub and the fake GitLab, and coding agents that are small shell scripts.
/// </summary>
public sealed class GitWorkflowService : IAsyncDisposable
{
    public const string Repository = "acme/app";

    readonly TestWebHost host;
    readonly string directory;

    GitWorkflowService(TestWebHost host, string directory, BareRepositories repositories, GitHttpServer gitHub, GitHttpServer gitLab,
        FakeGitHub gitHubApi, FakeGitLab gitLabApi)
    {
        this.host = host;
        this.directory = directory;
        Repositories = repositories;
        GitHubGit = gitHub;
        GitLabGit = gitLab;
        GitHub = gitHubApi;
        GitLab = gitLabApi;
    }

    public HttpClient Client => host.Client;

    public IServiceProvider Services => host.Services;

    public BareRepositories Repositories { get; }

    /// <summary>Repositories as if on GitHub: the git server asks for the GitHub token.</summary>
    public GitHttpServer GitHubGit { get; }

    /// <summary>Repositories as if on GitLab: the git server asks for the GitLab token.</summary>
    public GitHttpServer GitLabGit { get; }

    public FakeGitHub GitHub { get; }

    public FakeGitLab GitLab { get; }

    public string WorkDirectory => Path.Combine(directory, "runs");

    public FinishedRuns Finished => host.Services.GetRequiredService<FinishedRuns>();

    public static async Task<GitWorkflowService> Start(IDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("micro-gitworkflow-test-").FullName;
        var repositories = new BareRepositories();
        await repositories.Create(Repository);
        var gitHubGit = await GitHttpServer.Start(repositories, FakeGitHub.Token);
        var gitLabGit = await GitHttpServer.Start(repositories, FakeGitLab.Token);
        var gitHub = await FakeGitHub.Start();
        var gitLab = await FakeGitLab.Start();

        var all = new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "InMemory",
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = directory,
            ["GitHub:ApiUrl"] = gitHub.ApiUrl.ToString(),
            ["GitHub:Token"] = FakeGitHub.Token,
            ["GitLab:ApiUrl"] = gitLab.ApiUrl.ToString(),
            ["GitLab:Token"] = FakeGitLab.Token,
            ["GitWorkflow:AllowLocalRepositories"] = "true",
            ["GitWorkflow:GitLabHosts:0"] = gitLabGit.Address.Authority,
            ["GitWorkflow:WorkDirectory"] = Path.Combine(directory, "runs"),
            ["GitWorkflow:RetryDelay"] = "00:00:00.050",
            ["GitWorkflow:AgentTimeout"] = "00:00:03",
            ["GitWorkflow:DefaultAgent"] = "writer",
            // Writes the task into TASK.md: a change.
            ["GitWorkflow:Agents:writer:Command"] = "/bin/sh",
            ["GitWorkflow:Agents:writer:Arguments:0"] = "-c",
            ["GitWorkflow:Agents:writer:Arguments:1"] = "printf '%s\\n' \"$1\" > TASK.md; echo agent wrote the task",
            ["GitWorkflow:Agents:writer:Arguments:2"] = "agent",
            ["GitWorkflow:Agents:writer:Arguments:3"] = "{task}",
            // Changes nothing.
            ["GitWorkflow:Agents:idle:Command"] = "/bin/sh",
            ["GitWorkflow:Agents:idle:Arguments:0"] = "-c",
            ["GitWorkflow:Agents:idle:Arguments:1"] = "echo looked around, nothing to do",
            // Hangs, with a child process of its own whose id it leaves in hung.pid (outside the clone: not a change).
            ["GitWorkflow:Agents:hang:Command"] = "/bin/sh",
            ["GitWorkflow:Agents:hang:Arguments:0"] = "-c",
            ["GitWorkflow:Agents:hang:Arguments:1"] = $"sleep 300 & echo $! > {Path.Combine(directory, "hung.pid")}; wait",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;

        var host = await TestWebHost.Start(all, micro =>
        {
            micro.Add(new GitWorkflowModule());
            micro.Add("finished-run-recorder", recorder =>
            {
                recorder.Services.AddSingleton<FinishedRuns>();
                recorder.AddConsumer<FinishedRunRecorder>(endpoint =>
                {
                    endpoint.Name = $"finished-runs-{Guid.NewGuid():N}";
                    endpoint.Temporary = true;
                });
            });
        });
        return new GitWorkflowService(host, directory, repositories, gitHubGit, gitLabGit, gitHub, gitLab);
    }

    public string HungAgentPidFile => Path.Combine(directory, "hung.pid");

    public Task<HttpResponseMessage> Submit(object request, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/workflows") { Content = JsonContent.Create(request) };
        if (idempotencyKey is not null)
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        return Client.SendAsync(message);
    }

    /// <summary>Submits a request that must be accepted; returns the run's id.</summary>
    public async Task<Guid> Start(object request, string? idempotencyKey = null)
    {
        using var response = await Submit(request, idempotencyKey);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> Run(Guid id) => await Client.GetFromJsonAsync<JsonElement>($"/api/workflows/{id}");

    /// <summary>Waits until the run has ended (succeeded, failed or rejected) and returns it.</summary>
    public async Task<JsonElement> Ended(Guid id)
    {
        JsonElement run = default;
        await Eventually.True(async () =>
        {
            run = await Run(id);
            return run.GetProperty("state").GetString() is "succeeded" or "failed" or "rejected";
        }, $"run {id} has ended", TimeSpan.FromSeconds(90));
        return run;
    }

    public async Task Publish<T>(T message)
        where T : class
    {
        using var scope = host.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IPublishEndpoint>().Publish(message);
    }

    /// <summary>Works on the service's own database, as another replica (or one that died) would have left it.</summary>
    public async Task InDatabase(Func<Data.GitWorkflowDbContext, Task> work)
    {
        using var scope = host.Services.CreateScope();
        await work(scope.ServiceProvider.GetRequiredService<Data.GitWorkflowDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await GitHubGit.DisposeAsync();
        await GitLabGit.DisposeAsync();
        await GitHub.DisposeAsync();
        await GitLab.DisposeAsync();
        Repositories.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

static class RunJson
{
    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString() ?? string.Empty;

    public static IReadOnlyList<JsonElement> Steps(this JsonElement run) => [.. run.GetProperty("steps").EnumerateArray()];

    public static IReadOnlyList<string> StepNames(this JsonElement run) => [.. run.Steps().Select(step => step.Text("name"))];
}
