using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.Rerun.Tests;

/// <summary>
/// A run that completed unsuccessfully although no job seen failed: the failing job's events may never have arrived. GitHub's list of
/// the attempt's jobs decides, not the run's conclusion alone.
/// </summary>
public sealed class UnseenJobTests
{
    [Fact]
    public async Task A_failed_run_whose_job_events_never_arrived_is_re_run_when_GitHub_lists_a_failed_job()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("unseen"), 7101);
        micro.GitHub.Finished(run);
        // More jobs than one page holds: the failed one is on the second.
        micro.GitHub.SetJobs(run.Repository, run.RunId, 1,
            [.. Enumerable.Range(1, 120).Select(id => new FakeWorkflowJob(id, $"shard {id}", "success")), new FakeWorkflowJob(121, "integration", "failure")]);

        await micro.Client.Deliver(run.RunCompleted("failure"));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-requested", decided.Decision());
        Assert.StartsWith("failed jobs: integration;", decided.Reason());
        Assert.Equal(121, decided.GetProperty("jobs").GetArrayLength());
        Assert.Equal(2, micro.GitHub.JobListings(run.Repository, run.RunId, 1));
        var rerun = Assert.Single(micro.GitHub.Reruns);
        Assert.Equal((run.Repository, run.RunId, 1), (rerun.Repository, rerun.RunId, rerun.RunAttempt));
    }

    [Fact]
    public async Task A_failed_run_GitHub_lists_only_successful_jobs_for_is_not_re_run()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("unexplained"), 7102);
        micro.GitHub.Finished(run);
        micro.GitHub.SetJobs(run.Repository, run.RunId, 1, new FakeWorkflowJob(1, "build", "success"), new FakeWorkflowJob(2, "lint", "skipped"));

        await micro.Client.Deliver(run.RunCompleted("failure"));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("no-failure", decided.Decision());
        Assert.Contains("no job GitHub lists for the attempt concluded failure", decided.Reason());
        Assert.Equal(1, micro.GitHub.JobListings(run.Repository, run.RunId, 1));
        Assert.Equal(0, micro.GitHub.RerunRequests(run.Repository, run.RunId));
    }

    [Fact]
    public async Task The_jobs_are_listed_only_when_the_events_do_not_explain_the_run()
    {
        await using var micro = await StandaloneMicro.Start();
        var passed = new RunWebhooks(RerunApiCalls.NewRepository("explained"), 7103);
        var failed = new RunWebhooks(passed.Repository, 7104);
        var timedOut = new RunWebhooks(passed.Repository, 7105);
        micro.GitHub.Finished(passed, "success");
        micro.GitHub.Finished(failed);
        micro.GitHub.Finished(timedOut);
        micro.GitHub.SetJobs(timedOut.Repository, timedOut.RunId, 1, new FakeWorkflowJob(1, "job-1", "timed_out"));

        await micro.Client.Deliver(passed.RunCompleted("success"));
        await micro.Client.DeliverAll([.. failed.Jobs((1, "failure")), failed.RunCompleted("failure")]);
        // Every job seen, none failed as configured: GitHub confirms the run's "failure" was the timed-out job, which is not re-run.
        await micro.Client.DeliverAll([.. timedOut.Jobs((1, "timed_out")), timedOut.RunCompleted("failure")]);

        Assert.Equal("no-failure", (await micro.Client.Decided(passed.Repository, passed.RunId)).Decision());
        Assert.Equal("rerun-requested", (await micro.Client.Decided(failed.Repository, failed.RunId)).Decision());
        await Eventually.True(() => micro.Consumed.Count == 7, "every event was consumed");
        var timedOutDecision = await micro.Client.Decided(timedOut.Repository, timedOut.RunId);
        Assert.Equal("no-failure", timedOutDecision.Decision());
        Assert.Contains("timed_out: 1", timedOutDecision.Reason());
        Assert.Equal(0, micro.GitHub.JobListings(passed.Repository, passed.RunId, 1));
        Assert.Equal(0, micro.GitHub.JobListings(failed.Repository, failed.RunId, 1));
        Assert.Equal(1, micro.GitHub.JobListings(timedOut.Repository, timedOut.RunId, 1));
        Assert.Single(micro.GitHub.Reruns);
    }

    [Fact]
    public async Task A_listing_GitHub_fails_is_asked_again()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("listing-retried"), 7106);
        micro.GitHub.Finished(run);
        micro.GitHub.SetJobs(run.Repository, run.RunId, 1, new FakeWorkflowJob(1, "build", "failure"));
        micro.GitHub.Fail("GET", $"/repos/{run.Repository}/actions/runs/{run.RunId}/attempts/1/jobs", 502, "Server Error", times: 2);

        await micro.Client.Deliver(run.RunCompleted("failure"));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-requested", decided.Decision());
        Assert.Equal(3, micro.GitHub.JobListings(run.Repository, run.RunId, 1));
        Assert.Single(micro.GitHub.Reruns);
    }
}
