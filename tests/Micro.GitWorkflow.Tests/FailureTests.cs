using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.Contracts.Workflows;

namespace Micro.GitWorkflow.Tests;

/// <summary>Bad input, agents that misbehave, remotes that refuse, and requests that come twice.</summary>
public sealed class FailureTests
{
    const string Repository = GitWorkflowService.Repository;

    [Theory]
    [InlineData("ssh://git@github.com/acme/app.git", "scheme is refused")]
    [InlineData("git@github.com:acme/app.git", "SSH addresses")]
    [InlineData("git://github.com/acme/app.git", "scheme is refused")]
    [InlineData("http://github.com/acme/app.git", "scheme is refused")]
    [InlineData("https://evil.example/acme/app.git", "is not allowed")]
    [InlineData("https://user:secret@github.com/acme/app.git", "must not carry credentials")]
    [InlineData("ext::sh -c touch% /tmp/pwned", "transport helpers")]
    [InlineData("--upload-pack=touch /tmp/pwned", "must not start with '-'")]
    [InlineData("-uhttps://github.com/acme/app.git", "must not start with '-'")]
    [InlineData("/srv/git/app.git", "AllowLocalRepositories")]
    [InlineData("file:///srv/git/app.git", "AllowLocalRepositories")]
    [InlineData("https://github.com/acme/../../etc/app.git", "'..'")]
    public async Task A_refused_repository_url_is_answered_400_naming_git_url_and_starts_no_run(string url, string reason)
    {
        await using var service = await GitWorkflowService.Start(new Dictionary<string, string?> { ["GitWorkflow:AllowLocalRepositories"] = "false" });

        using var response = await service.Submit(new { workflow = "hello_world", parameters = new { git_url = url } });

        await AssertRefused(response, "parameters.git_url", reason);
        Assert.Empty(await Runs(service));
    }

    [Fact]
    public async Task An_https_url_on_the_configured_GitHub_host_is_accepted()
    {
        await using var service = await GitWorkflowService.Start(new Dictionary<string, string?>
        {
            ["GitWorkflow:AllowLocalRepositories"] = "false",
            ["GitWorkflow:AllowedHosts:0"] = "github.com",
        });

        using var response = await service.Submit(new { workflow = "hello_world", parameters = new { git_url = "https://github.com/acme/app.git" } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"workflow": "deploy_prod", "parameters": {"git_url": "https://github.com/a/b"}}""", "workflow", "unknown workflow")]
    [InlineData("""{"parameters": {}}""", "workflow", "is required")]
    [InlineData("""{"workflow": "hello_world", "parameters": {}}""", "parameters.git_url", "is required")]
    [InlineData("""{"workflow": "hello_world", "parameters": "git_url=x"}""", "parameters", "must be a JSON object")]
    [InlineData("""{"workflow": "push_feature", "parameters": {"git_url": "GIT"}}""", "parameters.task_list", "is required")]
    [InlineData("""{"workflow": "resolve_issue", "parameters": {"git_url": "GIT"}}""", "parameters.issue", "is required")]
    [InlineData("""{"workflow": "push_feature", "parameters": {"git_url": "GIT", "feature_request": "x", "source_branch": "-f"}}""", "parameters.source_branch", "must not start with '-'")]
    [InlineData("""{"workflow": "push_feature", "parameters": {"git_url": "GIT", "feature_request": "x", "source_branch": "a..b"}}""", "parameters.source_branch", "'..'")]
    [InlineData("""{"workflow": "push_feature", "parameters": {"git_url": "GIT", "feature_request": "x", "agent": "rm-rf"}}""", "parameters.agent", "unknown agent")]
    [InlineData("""{"workflow": "hello_world", "parameters": {"git_url": "GIT"}""", "body", "is not JSON")]
    public async Task A_malformed_request_is_answered_400_naming_the_field_and_starts_no_run(string body, string field, string reason)
    {
        await using var service = await GitWorkflowService.Start();
        using var content = new StringContent(body.Replace("GIT", service.GitHubGit.UrlOf(Repository), StringComparison.Ordinal),
            System.Text.Encoding.UTF8, "application/json");

        using var response = await service.Client.PostAsync("/api/workflows", content);

        await AssertRefused(response, field, reason);
        Assert.Empty(await Runs(service));
    }

    [Fact]
    public async Task A_request_over_256_KiB_is_answered_413_and_starts_no_run()
    {
        await using var service = await GitWorkflowService.Start();
        var task = new string('x', 300 * 1024);
        using var content = new StringContent(
            $$$"""{"workflow": "push_feature", "parameters": {"git_url": "{{{service.GitHubGit.UrlOf(Repository)}}}", "feature_request": "{{{task}}}"}}""",
            System.Text.Encoding.UTF8, "application/json");

        using var response = await service.Client.PostAsync("/api/workflows", content);

        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most", await response.Content.ReadAsStringAsync());
        Assert.Empty(await Runs(service));
    }

    [Fact]
    public async Task An_agent_that_hangs_is_killed_with_its_children_at_the_timeout_and_the_run_fails()
    {
        await using var service = await GitWorkflowService.Start();

        var id = await service.Start(new { workflow = "push_feature", parameters = new { git_url = service.GitHubGit.UrlOf(Repository), feature_request = "x", agent = "hang" } });
        var run = await service.Ended(id);

        Assert.Equal("failed", run.Text("state"));
        Assert.Equal("agent", run.Text("failedStep"));
        Assert.Contains("timed out", run.Text("reason"));
        var child = int.Parse((await File.ReadAllTextAsync(service.HungAgentPidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Micro.Testing.Eventually.True(() => !IsRunning(child), "the agent's child process is gone", TimeSpan.FromSeconds(5));
        Assert.Equal(["main"], await service.Repositories.Branches(Repository));
    }

    [Fact]
    public async Task A_run_that_outlives_the_run_timeout_is_stopped_and_fails_and_its_directory_is_removed()
    {
        await using var service = await GitWorkflowService.Start(new Dictionary<string, string?>
        {
            ["GitWorkflow:RunTimeout"] = "00:00:02",
            ["GitWorkflow:AgentTimeout"] = "00:05:00",
        });

        var id = await service.Start(new { workflow = "push_feature", parameters = new { git_url = service.GitHubGit.UrlOf(Repository), feature_request = "x", agent = "hang" } });
        var run = await service.Ended(id);

        Assert.Equal("failed", run.Text("state"));
        Assert.Contains("took longer than 00:00:02", run.Text("reason"));
        Assert.Equal("failed", run.Steps().Single(step => step.Text("name") == "agent").Text("state"));
        Assert.Equal("succeeded", run.Steps()[^1].Text("state"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(service.WorkDirectory));
    }

    [Fact]
    public async Task A_run_directory_left_behind_by_a_stopped_process_is_removed_at_start_up_and_a_recent_one_is_kept()
    {
        var root = Directory.CreateTempSubdirectory("micro-gitworkflow-leftovers-").FullName;
        try
        {
            var old = Directory.CreateDirectory(Path.Combine(root, "old-run")).FullName;
            File.WriteAllText(Path.Combine(old, "file.txt"), "x");
            Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));
            var recent = Directory.CreateDirectory(Path.Combine(root, "recent-run")).FullName;

            await using var service = await GitWorkflowService.Start(new Dictionary<string, string?> { ["GitWorkflow:WorkDirectory"] = root });

            Assert.False(Directory.Exists(old));
            Assert.True(Directory.Exists(recent));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task With_one_concurrent_run_allowed_the_second_run_starts_only_after_the_first_has_ended()
    {
        await using var service = await GitWorkflowService.Start(new Dictionary<string, string?>
        {
            ["GitWorkflow:MaxConcurrentRuns"] = "1",
            ["GitWorkflow:Agents:slow:Command"] = "/bin/sh",
            ["GitWorkflow:Agents:slow:Arguments:0"] = "-c",
            ["GitWorkflow:Agents:slow:Arguments:1"] = "sleep 1; echo done > slow.txt",
        });
        object Request(string branch) => new { workflow = "push_feature", parameters = new { git_url = service.GitHubGit.UrlOf(Repository), feature_branch = branch, feature_request = "x", agent = "slow" } };

        var first = await service.Start(Request("one"));
        var second = await service.Start(Request("two"));
        var runs = new[] { await service.Ended(first), await service.Ended(second) };

        Assert.All(runs, run => Assert.Equal("succeeded", run.Text("state")));
        var (earlier, later) = runs[0].Steps()[0].GetProperty("startedAt").GetDateTime() < runs[1].Steps()[0].GetProperty("startedAt").GetDateTime()
            ? (runs[0], runs[1])
            : (runs[1], runs[0]);
        Assert.True(later.Steps()[0].GetProperty("startedAt").GetDateTime() >= earlier.Steps()[^1].GetProperty("finishedAt").GetDateTime(),
            "the second run started before the first had ended");
    }

    [Fact]
    public async Task An_agent_that_changes_nothing_is_run_three_times_then_the_run_fails_with_no_changes()
    {
        await using var service = await GitWorkflowService.Start();

        var id = await service.Start(new { workflow = "push_feature", parameters = new { git_url = service.GitHubGit.UrlOf(Repository), feature_request = "x", agent = "idle" } });
        var run = await service.Ended(id);

        Assert.Equal("failed", run.Text("state"));
        Assert.Equal("agent", run.Text("failedStep"));
        Assert.StartsWith("no changes", run.Text("reason"));
        var agent = run.Steps().Single(step => step.Text("name") == "agent");
        Assert.Contains("attempt 3:", agent.Text("error"));
        Assert.DoesNotContain("attempt 4:", agent.Text("error"));
        Assert.Equal("cleanup", run.StepNames()[^1]);
        Assert.Equal(["main"], await service.Repositories.Branches(Repository));
    }

    [Fact]
    public async Task A_push_the_remote_rejects_fails_the_run_at_the_push_step_with_the_remote_reason()
    {
        await using var service = await GitWorkflowService.Start();
        await service.Repositories.RejectPushes(Repository, "protected by policy");

        var id = await service.Start(new { workflow = "hello_world", parameters = new { git_url = service.GitHubGit.UrlOf(Repository) } });
        var run = await service.Ended(id);

        Assert.Equal("failed", run.Text("state"));
        Assert.Equal("push", run.Text("failedStep"));
        Assert.Contains("protected by policy", run.Text("reason"));
        Assert.Single(run.Steps(), step => step.Text("name") == "push");
        var finished = Assert.Single(service.Finished.Received, message => message.RunId == id);
        Assert.Equal(("failed", run.Text("reason")), (finished.State, finished.Reason));
    }

    [Fact]
    public async Task The_same_idempotency_key_answers_the_same_run_and_runs_once()
    {
        await using var service = await GitWorkflowService.Start();
        var request = new { workflow = "hello_world", parameters = new { git_url = service.GitHubGit.UrlOf(Repository) } };

        var first = await service.Start(request, "deploy-42");
        var second = await service.Start(request, "deploy-42");
        var other = await service.Start(request, "deploy-43");

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        await service.Ended(first);
        await service.Ended(other);
        Assert.Equal(2, (await service.Repositories.Branches(Repository)).Count(name => name.StartsWith("hello-world-", StringComparison.Ordinal)));
        Assert.Equal(2, (await Runs(service)).Count);
    }

    [Fact]
    public async Task A_malformed_request_from_the_bus_is_recorded_rejected_with_the_reason_once_per_message_id()
    {
        await using var service = await GitWorkflowService.Start();
        var malformed = new WorkflowRequested("msg-1", "pubsub-push", """{"workflow": "hello_world", "parameters": []}""",
            new Dictionary<string, string>(), DateTimeOffset.UtcNow);

        await service.Publish(malformed);
        await service.Publish(malformed);
        await Micro.Testing.Eventually.True(() => service.Finished.Received.Any(), "the rejection is published");

        var run = Assert.Single(await Runs(service));
        Assert.Equal("rejected", run.Text("state"));
        Assert.Equal("pubsub-push", run.Text("source"));
        Assert.Contains("parameters", run.Text("reason"));
        Assert.Equal("rejected", Assert.Single(service.Finished.Received).State);
    }

    [Fact]
    public async Task A_valid_request_from_the_bus_runs_once_however_often_it_is_delivered()
    {
        await using var service = await GitWorkflowService.Start();
        var data = JsonSerializer.Serialize(new { workflow = "hello_world", parameters = new { git_url = service.GitHubGit.UrlOf(Repository) } });
        var message = new WorkflowRequested("msg-2", "pubsub-pull", data, new Dictionary<string, string>(), DateTimeOffset.UtcNow);

        await service.Publish(message);
        await service.Publish(message);
        await Micro.Testing.Eventually.True(() => service.Finished.Received.Any(), "the run ends", TimeSpan.FromSeconds(90));

        var run = Assert.Single(await Runs(service));
        Assert.Equal("succeeded", run.Text("state"));
        Assert.Single(await service.Repositories.Branches(Repository), name => name.StartsWith("hello-world-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Runs_are_listed_by_workflow_and_state_and_a_bad_filter_is_refused()
    {
        await using var service = await GitWorkflowService.Start();
        await service.Repositories.RejectPushes(Repository, "no");
        var failed = await service.Start(new { workflow = "hello_world", parameters = new { git_url = service.GitHubGit.UrlOf(Repository) } });
        await service.Ended(failed);

        var listed = await service.Client.GetFromJsonAsync<JsonElement>("/api/workflows?workflow=hello_world&state=failed&limit=5");
        var none = await service.Client.GetFromJsonAsync<JsonElement>("/api/workflows?state=succeeded");
        using var bad = await service.Client.GetAsync("/api/workflows?state=exploded");

        Assert.Equal(failed, Assert.Single(listed.GetProperty("runs").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Empty(none.GetProperty("runs").EnumerateArray());
        await AssertRefused(bad, "state", "must be one of");
    }

    /// <summary>Whether the process exists and is not a zombie (killed, waiting to be reaped by a parent that may never do it here).</summary>
    static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    static async Task<IReadOnlyList<JsonElement>> Runs(GitWorkflowService service) =>
        [.. (await service.Client.GetFromJsonAsync<JsonElement>("/api/workflows")).GetProperty("runs").EnumerateArray()];

    static async Task AssertRefused(HttpResponseMessage response, string field, string reason)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").GetProperty(field);
        Assert.Contains(reason, errors[0].GetString());
    }
}
