using Micro.Rerun.GitHubActions;

namespace Micro.Rerun.Tests;

/// <summary>
/// A replica that died while calling GitHub leaves its claim behind. Another takes the attempt up once the claim is older than any
/// call could take, and asks GitHub first whether the re-run already happened.
/// </summary>
public sealed class InterruptedCallTests
{
    [Fact]
    public async Task A_re_run_GitHub_accepted_before_the_crash_is_recorded_without_calling_again()
    {
        await using var micro = await StandaloneMicro.Start();
        var repository = RerunApiCalls.NewRepository("crashed");
        micro.GitHub.SetWorkflowRun(repository, 6001, "queued", runAttempt: 2);
        await LeaveInterruptedClaim(micro, repository, 6001);

        var decided = await micro.Client.Decided(repository, 6001);

        Assert.Equal("rerun-requested", decided.Decision());
        Assert.Contains("before a restart", decided.Reason());
        Assert.Equal(0, micro.GitHub.RerunRequests(repository, 6001));
    }

    [Fact]
    public async Task A_call_that_never_reached_GitHub_is_made_once()
    {
        await using var micro = await StandaloneMicro.Start();
        var repository = RerunApiCalls.NewRepository("crashed-early");
        micro.GitHub.SetWorkflowRun(repository, 6002, "completed", "failure");
        await LeaveInterruptedClaim(micro, repository, 6002);

        var decided = await micro.Client.Decided(repository, 6002);

        Assert.Equal("rerun-requested", decided.Decision());
        Assert.Equal(1, micro.GitHub.RerunRequests(repository, 6002));
    }

    /// <summary>The row a dispatcher leaves when it dies between marking an attempt as being called and recording the answer.</summary>
    static Task LeaveInterruptedClaim(StandaloneMicro micro, string repository, long runId)
    {
        var anHourAgo = DateTime.UtcNow.AddHours(-1);
        var attempt = SeededAttempts.Failed(repository, runId, nameof(WorkflowRunAttemptStateMachine.RerunDue), anHourAgo);
        attempt.CallingSince = anHourAgo;
        attempt.GitHubAttempts = 1;
        return micro.Seed(attempt);
    }
}
