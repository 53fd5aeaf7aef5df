using System.Text.Json;
using System.Text.RegularExpressions;
using Micro.Testing.Fakes;

namespace Micro.GitWorkflow.Tests;

/// <summary>Each workflow end to end over HTTP: real git against token-protected smart-HTTP repositories, the fake GitHub and GitLab.</summary>
public sealed partial class WorkflowTests
{
    const string Repository = GitWorkflowService.Repository;

    [Fact]
    public async Task Hello_world_pushes_a_hello_world_branch_with_the_file_and_commit_and_cleans_up()
    {
        await using var service = await GitWorkflowService.Start();

        var id = await service.Start(new { workflow = "hello_world", parameters = new { git_url = service.GitHubGit.UrlOf(Repository), git_user = "Ada", git_email = "ada@example.test" } });
        var run = await service.Ended(id);

        Assert.Equal("succeeded", run.Text("state"));
        var branch = Assert.Single(await service.Repositories.Branches(Repository), name => name != "main");
        Assert.Matches(HelloWorldBranch(), branch);
        Assert.Equal("Hello, World!", await service.Repositories.FileAt(Repository, branch, "hello_world.txt"));
        Assert.Equal("Add hello world file", (await service.Repositories.Log(Repository, branch))[0]);
        Assert.Equal(["clone", "create_branch", "write_file", "commit", "push", "cleanup"], run.StepNames());
        Assert.All(run.Steps(), step => Assert.Equal("succeeded", step.Text("state")));
        Assert.Empty(Directory.Exists(service.WorkDirectory) ? Directory.EnumerateFileSystemEntries(service.WorkDirectory) : []);
        var finished = Assert.Single(service.Finished.Received, message => message.RunId == id);
        Assert.Equal("succeeded", finished.State);
    }

    [Fact]
    public async Task Push_feature_runs_the_agent_on_the_source_branch_pushes_the_named_branch_and_opens_a_GitHub_pull_request()
    {
        await using var service = await GitWorkflowService.Start();
        await service.Repositories.AddCommit(Repository, "develop", new Dictionary<string, string> { ["dev.txt"] = "dev" }, "Develop work");

        var id = await service.Start(new
        {
            workflow = "push_feature",
            parameters = new
            {
                git_url = service.GitHubGit.UrlOf(Repository),
                source_branch = "develop",
                feature_branch = "add login?",
                task_list = new[] { "Add a login page", "Write its tests" },
                pull_request = true,
            },
        });
        var run = await service.Ended(id);

        Assert.Equal("succeeded", run.Text("state"));
        Assert.Contains("add_login_", await service.Repositories.Branches(Repository));
        Assert.Equal("dev", await service.Repositories.FileAt(Repository, "add_login_", "dev.txt"));
        Assert.Equal("- Add a login page\n- Write its tests\n", await service.Repositories.FileAt(Repository, "add_login_", "TASK.md"));
        Assert.Equal("Updated files: TASK.md", (await service.Repositories.Log(Repository, "add_login_"))[0]);
        var pullRequest = Assert.Single(service.GitHub.PullRequests);
        Assert.Equal(("acme/app", "add_login_", "develop"), (pullRequest.Repository, pullRequest.Head, pullRequest.Base));
        Assert.Equal($"https://github.com/acme/app/pull/{pullRequest.Number}", run.Text("pullRequestUrl"));
        Assert.Contains("agent wrote the task", run.Steps().Single(step => step.Text("name") == "agent").Text("output"));
    }

    [Theory]
    [InlineData("main", "Grace", "feature/Grace-")]
    [InlineData(null, null, "feature/writer-")]
    public async Task Push_feature_names_the_branch_after_the_author_or_else_the_agent_when_no_usable_feature_branch_is_given(
        string? featureBranch, string? author, string prefix)
    {
        await using var service = await GitWorkflowService.Start();

        var id = await service.Start(new
        {
            workflow = "push_feature",
            parameters = new { git_url = service.GitHubGit.UrlOf(Repository), feature_branch = featureBranch, author, feature_request = "Do it" },
        });

        Assert.Equal("succeeded", (await service.Ended(id)).Text("state"));
        var branch = Assert.Single(await service.Repositories.Branches(Repository), name => name != "main");
        Assert.Matches($"^{Regex.Escape(prefix)}\\d{{4}}$", branch);
    }

    [Fact]
    public async Task Resolve_issue_on_GitHub_reads_the_issue_pushes_its_branch_opens_a_closing_pull_request_and_comments_the_link()
    {
        await using var service = await GitWorkflowService.Start();
        service.GitHub.AddIssue(Repository, 42, "Crash on empty input!", "Steps: send nothing.");

        var id = await service.Start(new { workflow = "resolve_issue", parameters = new { git_url = service.GitHubGit.UrlOf(Repository), issue = 42 } });
        var run = await service.Ended(id);

        Assert.Equal("succeeded", run.Text("state"));
        Assert.Contains("issue-42-crash-on-empty-input", await service.Repositories.Branches(Repository));
        Assert.Contains("Crash on empty input!", await service.Repositories.FileAt(Repository, "issue-42-crash-on-empty-input", "TASK.md"));
        var pullRequest = Assert.Single(service.GitHub.PullRequests);
        Assert.Contains("Closes #42", pullRequest.Body);
        Assert.Equal("main", pullRequest.Base);
        var comment = Assert.Single(service.GitHub.IssueComments);
        Assert.Equal(42, comment.Issue);
        Assert.Contains(run.Text("pullRequestUrl"), comment.Body);
    }

    [Fact]
    public async Task Resolve_issue_on_GitLab_opens_a_merge_request_and_adds_a_note()
    {
        await using var service = await GitWorkflowService.Start();
        service.GitLab.AddIssue(Repository, 7, "Typo in README", "It says 'teh'.");

        var id = await service.Start(new { workflow = "resolve_issue", parameters = new { git_url = service.GitLabGit.UrlOf(Repository), issue = 7 } });
        var run = await service.Ended(id);

        Assert.Equal("succeeded", run.Text("state"));
        Assert.Contains("issue-7-typo-in-readme", await service.Repositories.Branches(Repository));
        var mergeRequest = Assert.Single(service.GitLab.MergeRequests);
        Assert.Equal(("acme/app", "issue-7-typo-in-readme", "main"), (mergeRequest.Project, mergeRequest.SourceBranch, mergeRequest.TargetBranch));
        Assert.Contains("Closes #7", mergeRequest.Description);
        Assert.Equal($"https://gitlab.com/acme/app/-/merge_requests/{mergeRequest.Iid}", run.Text("pullRequestUrl"));
        Assert.Contains(run.Text("pullRequestUrl"), Assert.Single(service.GitLab.Notes).Body);
        Assert.Empty(service.GitHub.PullRequests);
    }

    [Fact]
    public async Task A_pull_request_call_failing_with_a_server_error_is_tried_again_without_repeating_earlier_steps()
    {
        await using var service = await GitWorkflowService.Start();
        service.GitHub.Fail("POST", "/repos/acme/app/pulls", 502, "Server Error");

        var id = await service.Start(new
        {
            workflow = "push_feature",
            parameters = new { git_url = service.GitHubGit.UrlOf(Repository), feature_branch = "retry-me", feature_request = "x", pull_request = true },
        });
        var run = await service.Ended(id);

        Assert.Equal("succeeded", run.Text("state"));
        var attempts = run.Steps().Where(step => step.Text("name") == "pull_request").ToList();
        Assert.Equal(["failed", "succeeded"], attempts.Select(step => step.Text("state")));
        Assert.Contains("502", attempts[0].Text("error"));
        Assert.Single(run.Steps(), step => step.Text("name") == "clone");
        Assert.Single(service.GitHub.PullRequests);
    }

    [Fact]
    public async Task Git_configuration_the_agent_writes_is_not_obeyed_by_the_git_commands_that_carry_the_token()
    {
        var keep = Directory.CreateTempSubdirectory("micro-gitworkflow-filter-").FullName;
        try
        {
            await using var service = await GitWorkflowService.Start(new Dictionary<string, string?>
            {
                // A clean filter runs on `git add`, the first git command after the agent, with that command's environment.
                ["GitWorkflow:Agents:sly:Command"] = "/bin/sh",
                ["GitWorkflow:Agents:sly:Arguments:0"] = "-c",
                ["GitWorkflow:Agents:sly:Arguments:1"] =
                    $"git config filter.leak.clean 'sh -c \"env > {keep}/leaked; cat\"' && printf '* filter=leak\\n' > .gitattributes && echo change > sly.txt",
            });

            var id = await service.Start(new
            {
                workflow = "push_feature",
                parameters = new { git_url = service.GitHubGit.UrlOf(Repository), feature_request = "x", agent = "sly" },
            });
            var run = await service.Ended(id);

            Assert.Equal("succeeded", run.Text("state"));
            Assert.False(File.Exists(Path.Combine(keep, "leaked")), "the agent's filter ran with the token in its environment");
        }
        finally
        {
            Directory.Delete(keep, recursive: true);
        }
    }

    [Fact]
    public async Task The_token_is_never_in_the_clone_config_nor_in_a_step_record()
    {
        // A secret of the service's own environment (a connection string, say) that the agent must not inherit.
        Environment.SetEnvironmentVariable("MICRO_GITWORKFLOW_TEST_SERVICE_SECRET", "service-secret-never-for-agents");
        var keep = Directory.CreateTempSubdirectory("micro-gitworkflow-keep-").FullName;
        try
        {
            await using var service = await GitWorkflowService.Start(new Dictionary<string, string?>
            {
                // This agent copies the clone's git configuration out before the run's directory is removed.
                ["GitWorkflow:Agents:spy:Command"] = "/bin/sh",
                ["GitWorkflow:Agents:spy:Arguments:0"] = "-c",
                ["GitWorkflow:Agents:spy:Arguments:1"] = $"cp .git/config {keep}/config; env > {keep}/env; echo change > spy.txt; cat .git/config",
            });

            var id = await service.Start(new
            {
                workflow = "push_feature",
                parameters = new { git_url = service.GitHubGit.UrlOf(Repository), feature_request = "x", agent = "spy" },
            });
            var run = await service.Ended(id);

            Assert.Equal("succeeded", run.Text("state"));
            Assert.Contains(service.GitHubGit.Authorizations, header => header.StartsWith("Basic ", StringComparison.Ordinal));
            var config = await File.ReadAllTextAsync(Path.Combine(keep, "config"));
            Assert.Contains("[remote \"origin\"]", config);
            Assert.DoesNotContain(FakeGitHub.Token, config);
            Assert.DoesNotContain("extraheader", config, StringComparison.OrdinalIgnoreCase);
            var agentEnvironment = await File.ReadAllTextAsync(Path.Combine(keep, "env"));
            Assert.DoesNotContain("GIT_CONFIG_VALUE", agentEnvironment);
            Assert.DoesNotContain("service-secret-never-for-agents", agentEnvironment);
            Assert.Contains("PATH=", agentEnvironment);
            Assert.DoesNotContain(FakeGitHub.Token, run.GetRawText());
        }
        finally
        {
            Directory.Delete(keep, recursive: true);
        }
    }

    [GeneratedRegex(@"^hello-world-\d{4}$")]
    private static partial Regex HelloWorldBranch();
}
