using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.PrLock.Tests;
using Micro.Testing;
using Micro.Testing.Git;

namespace Micro.EndToEnd.Tests;

/// <summary>The one-process host holds the git-workflow service and the runner broker too: their APIs answer, and a workflow runs.</summary>
public sealed class StandaloneModulesTests : IAsyncLifetime
{
    readonly string workingDirectory = Directory.CreateTempSubdirectory("micro-standalone-").FullName;
    readonly BareRepositories repositories = new();

    public Task InitializeAsync() => repositories.Create("acme/standalone");

    public Task DisposeAsync()
    {
        repositories.Dispose();
        Directory.Delete(workingDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task It_runs_a_hello_world_workflow_and_lists_runner_jobs()
    {
        await using var micro = await ServiceProcess.Start(StandaloneHostTests.Assembly, new Dictionary<string, string>
        {
            ["GitWorkflow__AllowLocalRepositories"] = "true",
        }, workingDirectory);

        using var runnerJobs = await micro.Client.GetAsync("/api/runners/jobs");
        using var accepted = await micro.Client.PostAsJsonAsync("/api/workflows",
            new { workflow = "hello_world", parameters = new { git_url = repositories.FileUrl("acme/standalone") } });

        Assert.Equal(HttpStatusCode.OK, runnerJobs.StatusCode);
        Assert.Equal(0, (await runnerJobs.Json()).GetProperty("jobs").GetArrayLength());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Json()).Text("id");
        JsonElement run = default;
        await Eventually.True(async () =>
        {
            run = await micro.Client.GetFromJsonAsync<JsonElement>($"/api/workflows/{id}");
            return run.Text("state") is "succeeded" or "failed" or "rejected";
        }, $"run {id} has ended", TimeSpan.FromSeconds(60));
        Assert.True(run.Text("state") == "succeeded", $"the run ended otherwise: {run}");
        var branch = Assert.Single(await repositories.Branches("acme/standalone"), name => name != "main");
        Assert.Equal("Hello, World!", await repositories.FileAt("acme/standalone", branch, "hello_world.txt"));
        Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "gitworkflow.db")), "runs are kept in the host's SQLite data directory");
    }
}
