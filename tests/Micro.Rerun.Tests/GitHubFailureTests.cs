using System.Net;
using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.Rerun.Tests;

/// <summary>When GitHub cannot or will not re-run: a clear recorded outcome, no crash, no event lost, no endless retry.</summary>
public sealed class GitHubFailureTests
{
    [Fact]
    public async Task Without_GitHub_credentials_the_service_runs_and_records_that_GitHub_is_not_configured()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?> { ["GitHub:Token"] = null });
        var run = new RunWebhooks(RerunApiCalls.NewRepository("nocreds"), 8001);

        await micro.Client.DeliverAll(run.Jobs((1, "failure")));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-failed", decided.Decision());
        Assert.Contains("GitHub is not configured", decided.Reason());
        Assert.Empty(micro.GitHub.Requests);
        Assert.Equal(HttpStatusCode.OK, (await micro.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_run_GitHub_does_not_know_is_recorded_as_failed_with_GitHubs_answer_and_not_retried()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("unknown"), 8002);

        await micro.Client.DeliverAll(run.Jobs((1, "failure")));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-failed", decided.Decision());
        Assert.Equal("404 Not Found", decided.GetProperty("gitHubAnswer").GetString());
        Assert.Contains("does not know the run", decided.Reason());
        Assert.Equal(1, micro.GitHub.RunLookups(run.Repository, run.RunId));
        Assert.Equal(0, micro.GitHub.RerunRequests(run.Repository, run.RunId));
    }

    [Fact]
    public async Task A_refusal_that_will_not_change_is_final_after_one_call()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("refused"), 8003);
        micro.GitHub.Finished(run);
        micro.GitHub.Fail("POST", $"/repos/{run.Repository}/actions/runs/{run.RunId}/rerun-failed-jobs", 403, "Resource not accessible by integration");

        await micro.Client.DeliverAll(run.Jobs((1, "failure")));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-failed", decided.Decision());
        Assert.Equal("403 Resource not accessible by integration", decided.GetProperty("gitHubAnswer").GetString());
        Assert.Equal(1, micro.GitHub.RerunRequests(run.Repository, run.RunId));
        Assert.Empty(micro.GitHub.Reruns);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_GitHub_accepts()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("flaky-github"), 8004);
        micro.GitHub.Finished(run);
        micro.GitHub.Fail("GET", $"/repos/{run.Repository}/actions/runs/{run.RunId}", 502, "Server Error");
        micro.GitHub.Fail("POST", $"/repos/{run.Repository}/actions/runs/{run.RunId}/rerun-failed-jobs", 500, "Server Error");

        await micro.Client.DeliverAll(run.Jobs((1, "failure")));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-requested", decided.Decision());
        Assert.Equal(2, micro.GitHub.RerunRequests(run.Repository, run.RunId));
        Assert.Single(micro.GitHub.Reruns);
    }

    [Fact]
    public async Task Rate_limits_are_waited_out_as_GitHub_asks_then_the_call_is_made()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?> { ["Rerun:RetryBackoff"] = "00:10:00" });
        var run = new RunWebhooks(RerunApiCalls.NewRepository("limited"), 8005);
        micro.GitHub.Finished(run);
        var reset = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds().ToString();
        micro.GitHub.Fail("POST", $"/repos/{run.Repository}/actions/runs/{run.RunId}/rerun-failed-jobs", 403, "API rate limit exceeded for installation",
            new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset });
        micro.GitHub.Fail("POST", $"/repos/{run.Repository}/actions/runs/{run.RunId}/rerun-failed-jobs", 429, "You have exceeded a secondary rate limit",
            new Dictionary<string, string> { ["Retry-After"] = "1" });

        await micro.Client.DeliverAll(run.Jobs((1, "failure")));

        // The retry backoff is ten minutes: only GitHub's own reset and Retry-After can bring the call back this soon.
        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-requested", decided.Decision());
        Assert.Equal(3, micro.GitHub.RerunRequests(run.Repository, run.RunId));
        Assert.Single(micro.GitHub.Reruns);
    }

    [Fact]
    public async Task Errors_that_do_not_pass_end_in_a_decision_after_the_configured_number_of_attempts()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?>
        {
            ["Rerun:GitHubAttempts"] = "3",
            ["GitHub:RetryAttempts"] = "1",
            ["GitHub:RetryDelay"] = "00:00:00.010",
        });
        var run = new RunWebhooks(RerunApiCalls.NewRepository("down"), 8006);
        micro.GitHub.Finished(run);
        micro.GitHub.Fail("GET", $"/repos/{run.Repository}/actions/runs/{run.RunId}", 503, "Service Unavailable", times: 100);

        await micro.Client.DeliverAll(run.Jobs((1, "failure")));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-failed", decided.Decision());
        Assert.Equal("503 Service Unavailable", decided.GetProperty("gitHubAnswer").GetString());
        Assert.Contains("3 times", decided.Reason());
        // Three attempts of the dispatcher, each a read the client repeats once.
        Assert.Equal(6, micro.GitHub.RunLookups(run.Repository, run.RunId));
    }

    [Fact]
    public async Task A_run_someone_re_ran_first_is_not_re_run_again()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("manual"), 8007);
        micro.GitHub.SetWorkflowRun(run.Repository, run.RunId, "queued", runAttempt: 2);

        await micro.Client.DeliverAll(run.Jobs((1, "failure")));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("superseded", decided.Decision());
        Assert.Equal(0, micro.GitHub.RerunRequests(run.Repository, run.RunId));
    }

    [Fact]
    public async Task GitHub_Enterprise_is_reached_at_its_own_API_URL()
    {
        await using var enterprise = await FakeGitHub.Start("/api/v3");
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?> { ["GitHub:ApiUrl"] = enterprise.ApiUrl.ToString() });
        var run = new RunWebhooks(RerunApiCalls.NewRepository("ghes"), 8008);
        enterprise.Finished(run);

        await micro.Client.DeliverAll(run.Jobs((1, "failure")));

        Assert.Equal("rerun-requested", (await micro.Client.Decided(run.Repository, run.RunId)).Decision());
        Assert.Single(enterprise.Reruns);
        Assert.Empty(micro.GitHub.Requests);
    }
}
