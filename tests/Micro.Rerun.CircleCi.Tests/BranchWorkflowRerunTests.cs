using Micro.CircleCi;
using Micro.Testing.Fakes;
using static Micro.CircleCi.BranchRerunOutcomeKind;

namespace Micro.Rerun.CircleCi.Tests;

public sealed class BranchWorkflowRerunTests
{
    const string Repository = "acme/core-api";
    const string Slug = "gh/acme/core-api";
    const string Workflow = "deploy_staging";

    static readonly BranchRerunRequest Request = new(Repository, "release/", Slug, Workflow, DryRun: false);

    [Fact]
    public async Task No_branch_with_the_prefix_is_nothing_to_do()
    {
        await using var host = await RerunHost.Start();
        host.GitHub.SetBranches(Repository, "main", "pre-release/1.4", "Release/1.4", "hotfix/login");

        var outcome = await host.Run(Request);

        Assert.Equal(NoBranch, outcome.Kind);
        Assert.False(outcome.IsError);
        Assert.Equal("no branch of acme/core-api starts with 'release/': nothing to rerun", outcome.Describe(Request));
        Assert.Empty(host.CircleCi.Requests);
    }

    [Fact]
    public async Task More_than_one_branch_with_the_prefix_is_an_error_naming_how_many()
    {
        await using var host = await RerunHost.Start();
        host.GitHub.SetBranches(Repository, "main", "release/1.4", "release/1.5");

        var outcome = await host.Run(Request);

        Assert.Equal((AmbiguousBranch, 2), (outcome.Kind, outcome.BranchCount));
        Assert.True(outcome.IsError);
        Assert.StartsWith("too many branches found: 2, expected at most 1", outcome.Describe(Request));
        Assert.Empty(host.CircleCi.Requests);
    }

    [Fact]
    public async Task The_branch_is_found_on_any_page_of_the_branch_list()
    {
        await using var host = await RerunHost.Start();
        host.GitHub.SetBranches(Repository, [.. Enumerable.Range(0, 250).Select(index => $"feature/{index}"), "release/1.4"]);
        var pipeline = host.CircleCi.AddPipeline(Slug, "release/1.4");
        host.CircleCi.AddWorkflow(pipeline, Workflow, "success");

        var outcome = await host.Run(Request);

        Assert.Equal((RerunRequested, "release/1.4"), (outcome.Kind, outcome.Branch));
        Assert.True(host.GitHub.Requests.Count(request => request.Path.EndsWith("/branches")) > 1);
    }

    [Fact]
    public async Task No_pipeline_on_the_branch_is_nothing_to_do()
    {
        await using var host = await RerunHost.Start();
        host.GitHub.SetBranches(Repository, "main", "release/1.4");
        host.CircleCi.AddWorkflow(host.CircleCi.AddPipeline(Slug, "main"), Workflow, "failed");

        var outcome = await host.Run(Request);

        Assert.Equal((NoPipeline, "release/1.4"), (outcome.Kind, outcome.Branch));
        Assert.Equal("no pipeline of gh/acme/core-api on branch release/1.4: nothing to rerun", outcome.Describe(Request));
        Assert.Empty(host.CircleCi.Reruns);
    }

    [Fact]
    public async Task The_newest_pipeline_of_the_branch_over_every_page_is_the_one_used()
    {
        await using var host = await RerunHost.Start();
        host.CircleCi.PageSize = 2;
        host.GitHub.SetBranches(Repository, "release/1.4");
        var now = DateTimeOffset.UtcNow;
        var newest = host.CircleCi.AddPipeline(Slug, "release/1.4", now.AddHours(-1));
        var workflow = host.CircleCi.AddWorkflow(newest, Workflow, "failed");
        foreach (var hoursAgo in new[] { 5, 4, 3, 2 })
            host.CircleCi.AddWorkflow(host.CircleCi.AddPipeline(Slug, "release/1.4", now.AddHours(-hoursAgo)), Workflow, "failed");

        var outcome = await host.Run(Request);

        Assert.Equal((RerunRequested, newest), (outcome.Kind, outcome.Pipeline?.Id));
        Assert.Equal(workflow, Assert.Single(host.CircleCi.Reruns).WorkflowId);
    }

    [Fact]
    public async Task No_workflow_of_that_name_in_the_pipeline_is_nothing_to_do()
    {
        await using var host = await RerunHost.Start();
        host.GitHub.SetBranches(Repository, "release/1.4");
        var pipeline = host.CircleCi.AddPipeline(Slug, "release/1.4");
        host.CircleCi.AddWorkflow(pipeline, "build_and_test", "failed");

        var outcome = await host.Run(Request);

        Assert.Equal((NoWorkflow, pipeline), (outcome.Kind, outcome.Pipeline?.Id));
        Assert.Contains($"no workflow named {Workflow} in pipeline 1 ({pipeline})", outcome.Describe(Request));
        Assert.Empty(host.CircleCi.Reruns);
    }

    [Theory]
    [InlineData("running")]
    [InlineData("on_hold")]
    [InlineData("failing")]
    public async Task A_workflow_still_in_flight_is_not_rerun_and_the_outcome_says_its_status(string status)
    {
        await using var host = await RerunHost.Start();
        var workflow = Given(host, status);

        var outcome = await host.Run(Request);

        Assert.Equal((AlreadyRunning, workflow, status), (outcome.Kind, outcome.Workflow?.Id, outcome.Workflow?.Status));
        Assert.Contains($"is still in flight (status {status})", outcome.Describe(Request));
        Assert.Empty(host.CircleCi.Reruns);
    }

    [Fact]
    public async Task Which_statuses_count_as_in_flight_is_configurable()
    {
        await using var host = await RerunHost.Start(new Dictionary<string, string?> { ["CircleCi:InFlightStatuses"] = "running" });
        Given(host, "on_hold");

        var outcome = await host.Run(Request);

        Assert.Equal(RerunRequested, outcome.Kind);
    }

    [Fact]
    public async Task A_dry_run_stops_before_the_rerun()
    {
        await using var host = await RerunHost.Start();
        var workflow = Given(host, "failed");
        var request = Request with { DryRun = true };

        var outcome = await host.Run(request);

        Assert.Equal((DryRun, workflow), (outcome.Kind, outcome.Workflow?.Id));
        Assert.StartsWith($"dry run: would rerun workflow {Workflow} ({workflow}, status failed)", outcome.Describe(request));
        Assert.DoesNotContain(host.CircleCi.Requests, call => call.Method == "POST");
    }

    [Fact]
    public async Task A_finished_workflow_is_rerun_whole_and_the_new_workflow_is_reported()
    {
        await using var host = await RerunHost.Start();
        var workflow = Given(host, "failed");

        var outcome = await host.Run(Request);

        var rerun = Assert.Single(host.CircleCi.Reruns);
        Assert.Equal((RerunRequested, workflow, rerun.NewWorkflowId), (outcome.Kind, outcome.Workflow?.Id, outcome.RerunWorkflowId));
        Assert.Equal((workflow, """{"from_failed":false}"""), (rerun.WorkflowId, rerun.Body));
        Assert.EndsWith($"requested: new workflow {rerun.NewWorkflowId}", outcome.Describe(Request));
    }

    [Fact]
    public async Task Once_the_rerun_shows_the_newest_workflow_of_that_name_is_the_one_judged()
    {
        await using var host = await RerunHost.Start();
        Given(host, "success");
        var first = await host.Run(Request);

        var second = await host.Run(Request);

        Assert.Equal((AlreadyRunning, first.RerunWorkflowId), (second.Kind, second.Workflow?.Id));
        Assert.Single(host.CircleCi.Reruns);
    }

    [Fact]
    public async Task While_circleci_does_not_show_a_rerun_yet_the_procedure_alone_reruns_again()
    {
        // The old tool's race, staged: the service's saga is what prevents it, not this procedure.
        await using var host = await RerunHost.Start();
        host.CircleCi.RerunVisibleAfterListCalls = 1;
        Given(host, "failed");

        await host.Run(Request);
        await host.Run(Request);
        var third = await host.Run(Request);

        Assert.Equal(2, host.CircleCi.Reruns.Count);
        Assert.Equal(AlreadyRunning, third.Kind);
    }

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(403, "Resource not accessible by integration")]
    [InlineData(500, "Server Error")]
    public async Task A_github_error_is_reported_with_its_status_and_message(int status, string message)
    {
        await using var host = await RerunHost.Start();
        host.GitHub.SetBranches(Repository, "release/1.4");
        host.GitHub.Fail("GET", $"/repos/{Repository}/branches", status, message, times: 5);

        var outcome = await host.Run(Request);

        Assert.Equal(Failed, outcome.Kind);
        Assert.Equal($"listing the branches of {Repository} on GitHub: GitHub answered {status}: {message}", outcome.Error);
        Assert.Empty(host.CircleCi.Requests);
    }

    [Fact]
    public async Task An_unreadable_github_answer_is_a_failed_outcome_not_a_crash()
    {
        await using var host = await RerunHost.Start();
        host.GitHub.SetBranches(Repository, "release/1.4");
        // 200 with an object where GitHub sends a list of branches.
        host.GitHub.Fail("GET", $"/repos/{Repository}/branches", 200, "not a branch list");

        var outcome = await host.Run(Request);

        Assert.Equal(Failed, outcome.Kind);
        Assert.StartsWith($"listing the branches of {Repository} on GitHub: an answer that cannot be read", outcome.Error);
        Assert.Empty(host.CircleCi.Requests);
    }

    [Fact]
    public async Task Without_a_github_token_the_outcome_names_the_setting()
    {
        await using var host = await RerunHost.Start(new Dictionary<string, string?> { ["GitHub:Token"] = "" });

        var outcome = await host.Run(Request);

        Assert.Equal(Failed, outcome.Kind);
        Assert.Contains("GITHUB_TOKEN", outcome.Error);
    }

    [Theory]
    [InlineData("GET", "/project/", 404, "Project not found", "listing the pipelines of gh/acme/core-api on branch release/1.4 on CircleCI")]
    [InlineData("GET", "/pipeline/", 500, "Internal server error", "listing the workflows of pipeline")]
    [InlineData("POST", "/workflow/", 403, "Permission denied", "rerunning workflow")]
    public async Task A_circleci_error_at_any_step_is_reported_with_its_status_and_message(
        string method, string path, int status, string message, string call)
    {
        await using var host = await RerunHost.Start();
        Given(host, "failed");
        // Often enough to outlast the client's own retries of a read answered with a server error.
        host.CircleCi.Fail(method, path, status, message, times: 10);

        var outcome = await host.Run(Request);

        Assert.Equal(Failed, outcome.Kind);
        Assert.StartsWith(call, outcome.Error);
        Assert.EndsWith($": CircleCI answered {status}: {message}", outcome.Error);
        Assert.Empty(host.CircleCi.Reruns);
    }

    [Fact]
    public async Task A_project_unknown_to_circleci_is_an_error_not_no_pipeline()
    {
        await using var host = await RerunHost.Start();
        host.GitHub.SetBranches(Repository, "release/1.4");

        var outcome = await host.Run(Request with { ProjectSlug = "gh/acme/gone" });

        Assert.Equal(Failed, outcome.Kind);
        Assert.EndsWith("CircleCI answered 404: Project not found", outcome.Error);
    }

    [Fact]
    public async Task A_malformed_circleci_answer_is_an_error()
    {
        await using var host = await RerunHost.Start();
        Given(host, "failed");
        host.CircleCi.Answer("GET", "/pipeline/", 200, """{"items": [{"id": "w1", "name": "deploy_staging"}], "next_page_token": null}""");

        var outcome = await host.Run(Request);

        Assert.Equal(Failed, outcome.Kind);
        Assert.EndsWith("CircleCI answered 200: malformed answer: a workflow has no string 'status'", outcome.Error);
    }

    [Fact]
    public async Task Without_a_circleci_token_the_outcome_names_the_setting()
    {
        await using var host = await RerunHost.Start(new Dictionary<string, string?> { ["CircleCi:Token"] = "" });
        Given(host, "failed");

        var outcome = await host.Run(Request);

        Assert.Equal(Failed, outcome.Kind);
        Assert.Contains("CIRCLE_CI_TOKEN", outcome.Error);
    }

    [Fact]
    public async Task An_unreachable_circleci_is_an_error()
    {
        await using var host = await RerunHost.Start(new Dictionary<string, string?>
        {
            ["CircleCi:ApiUrl"] = $"http://127.0.0.1:{Micro.Testing.ServiceProcess.FreePort()}/api/v2",
        });
        Given(host, "failed");

        var outcome = await host.Run(Request);

        Assert.Equal(Failed, outcome.Kind);
        Assert.Contains("on CircleCI: no answer:", outcome.Error);
    }

    [Theory]
    [InlineData("abort")]
    [InlineData("503")]
    public async Task A_read_that_fails_once_is_retried_and_the_rerun_made(string failure)
    {
        await using var host = await RerunHost.Start();
        Given(host, "failed");
        if (failure == "abort")
            host.CircleCi.Abort("GET", $"/project/{Slug}/pipeline");
        else
            host.CircleCi.Fail("GET", $"/project/{Slug}/pipeline", 503, "Service Unavailable");

        var outcome = await host.Run(Request);

        Assert.Equal(RerunRequested, outcome.Kind);
        Assert.Equal(2, host.CircleCi.Requests.Count(request => request.Path == $"/project/{Slug}/pipeline"));
        Assert.Single(host.CircleCi.Reruns);
    }

    [Fact]
    public async Task A_rerun_whose_answer_never_came_is_found_in_the_workflow_list_not_asked_again()
    {
        await using var host = await RerunHost.Start(new Dictionary<string, string?> { ["CircleCi:Timeout"] = "00:00:01" });
        var workflow = Given(host, "failed");
        host.CircleCi.RerunAnswerDelay = TimeSpan.FromSeconds(5);

        var outcome = await host.Run(Request);

        var rerun = Assert.Single(host.CircleCi.Reruns);
        Assert.Equal((RerunRequested, workflow, rerun.NewWorkflowId), (outcome.Kind, outcome.Workflow?.Id, outcome.RerunWorkflowId));
    }

    [Fact]
    public async Task A_rerun_whose_answer_never_came_and_that_circleci_does_not_list_yet_is_unconfirmed()
    {
        await using var host = await RerunHost.Start(new Dictionary<string, string?> { ["CircleCi:Timeout"] = "00:00:01" });
        Given(host, "failed");
        host.CircleCi.RerunAnswerDelay = TimeSpan.FromSeconds(5);
        host.CircleCi.RerunVisibleAfterListCalls = 100;

        var outcome = await host.Run(Request);

        Assert.Equal(RerunUnconfirmed, outcome.Kind);
        Assert.True(outcome.IsError);
        Assert.Contains("the rerun call got no answer in time, and CircleCI lists no new workflow deploy_staging yet", outcome.Describe(Request));
        Assert.Single(host.CircleCi.Reruns);
    }

    /// <summary>One branch <c>release/1.4</c> whose one pipeline has the workflow in <paramref name="status"/>.</summary>
    static string Given(RerunHost host, string status)
    {
        host.GitHub.SetBranches(Repository, "main", "release/1.4");
        var pipeline = host.CircleCi.AddPipeline(Slug, "release/1.4");
        host.CircleCi.AddWorkflow(pipeline, "build_and_test", "success");
        return host.CircleCi.AddWorkflow(pipeline, Workflow, status);
    }
}
