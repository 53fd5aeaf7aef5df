using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.Rerun.Tests;

/// <summary>
/// Events that bring nothing new leave the attempt's record as it was, and a call an event makes due is made at once: the dispatcher is
/// woken by that event, not by every event nor only by its poll.
/// </summary>
public sealed class QuietEventTests
{
    /// <summary>Longer than any wait below: a call made before it passes was not found by polling.</summary>
    static readonly Dictionary<string, string?> NoPolling = new() { ["Rerun:PollInterval"] = "00:01:00" };

    [Fact]
    public async Task Late_and_repeated_job_events_leave_the_attempt_record_untouched()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("quiet"), 7301);
        micro.GitHub.SetWorkflowRun(run.Repository, run.RunId, "in_progress");
        await micro.Client.DeliverAll(run.Jobs((1, "success"), (2, "success")));
        var settled = await micro.Client.AttemptIn("settled", run.Repository, run.RunId);
        await Eventually.True(() => micro.Consumed.Count == 4, "the run's four events were consumed");

        // As new deliveries, not redeliveries: GitHub's late queued and in-progress events, and a completion sent twice.
        await micro.Client.DeliverAll([run.Queued(1), run.InProgress(2), run.Completed(2, "success")]);
        await Eventually.True(() => micro.Consumed.Count == 7, "the late events were consumed");

        var after = await micro.Client.AttemptIn("settled", run.Repository, run.RunId);
        Assert.Equal(settled.GetProperty("updatedAt").GetString(), after.GetProperty("updatedAt").GetString());
        Assert.Equal(settled.GetProperty("jobs").GetRawText(), after.GetProperty("jobs").GetRawText());
        Assert.Equal(settled.Reason(), after.Reason());
    }

    [Fact]
    public async Task A_re_run_an_event_makes_due_is_asked_for_at_once_not_at_the_next_poll()
    {
        await using var micro = await StandaloneMicro.Start(NoPolling);
        var run = new RunWebhooks(RerunApiCalls.NewRepository("prompt"), 7302);
        micro.GitHub.Finished(run);

        await micro.Client.DeliverAll(run.Jobs((1, "success"), (2, "failure")));

        Assert.Equal("rerun-requested", (await micro.Client.Decided(run.Repository, run.RunId)).Decision());
        Assert.Equal(1, micro.GitHub.RerunRequests(run.Repository, run.RunId));
    }

    [Fact]
    public async Task A_job_listing_a_run_makes_due_and_the_re_run_it_leads_to_are_made_at_once_not_at_the_next_poll()
    {
        await using var micro = await StandaloneMicro.Start(NoPolling);
        var run = new RunWebhooks(RerunApiCalls.NewRepository("prompt-unseen"), 7303);
        micro.GitHub.Finished(run);
        micro.GitHub.SetJobs(run.Repository, run.RunId, 1, new FakeWorkflowJob(1, "build", "success"), new FakeWorkflowJob(2, "test", "failure"));

        await micro.Client.Deliver(run.RunCompleted("failure"));

        Assert.Equal("rerun-requested", (await micro.Client.Decided(run.Repository, run.RunId)).Decision());
        Assert.Equal(1, micro.GitHub.JobListings(run.Repository, run.RunId, 1));
        Assert.Equal(1, micro.GitHub.RerunRequests(run.Repository, run.RunId));
    }
}
