using MassTransit;
using Micro.Rerun.GitHubActions;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Rerun.Tests;

/// <summary>
/// A replica that died while calling GitHub, or whose answer never reached the saga, leaves its claim behind. Another takes the
/// attempt up once the claim is older than any call could take, and asks GitHub first whether the re-run already happened.
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

    [Fact]
    public async Task A_late_answer_to_a_call_whose_claim_was_taken_over_changes_nothing()
    {
        await using var micro = await StandaloneMicro.Start();
        var repository = RerunApiCalls.NewRepository("late-answer");
        var attempt = SeededAttempts.Failed(repository, 6003, nameof(WorkflowRunAttemptStateMachine.RerunDue), DateTime.UtcNow);
        // Another replica's call is under way.
        attempt.CallingSince = DateTime.UtcNow;
        attempt.CallId = Guid.NewGuid();
        attempt.GitHubAttempts = 2;
        await micro.Seed(attempt);
        var bus = micro.Services.GetRequiredService<IBus>();

        // The answer to the first call, whose claim lapsed, arrives after all; then the current call's.
        await bus.Publish(new RerunCallCompleted(attempt.CorrelationId, Guid.NewGuid(), CallOutcomeKind.Final, "GitHub refused", "403 Forbidden",
            RerunDecision.RerunFailed));
        await bus.Publish(new RerunCallCompleted(attempt.CorrelationId, attempt.CallId.Value, CallOutcomeKind.Requested,
            "GitHub accepted the re-run of the failed jobs", "201"));

        var decided = await micro.Client.Decided(repository, 6003);
        Assert.Equal("rerun-requested", decided.Decision());
        Assert.Equal("201", decided.GetProperty("gitHubAnswer").GetString());
    }

    /// <summary>
    /// The row a dispatcher leaves when it dies between marking an attempt as being called and recording the answer, or when the
    /// answer it published was lost.
    /// </summary>
    static Task LeaveInterruptedClaim(StandaloneMicro micro, string repository, long runId)
    {
        var anHourAgo = DateTime.UtcNow.AddHours(-1);
        var attempt = SeededAttempts.Failed(repository, runId, nameof(WorkflowRunAttemptStateMachine.RerunDue), anHourAgo);
        attempt.CallingSince = anHourAgo;
        attempt.CallId = Guid.NewGuid();
        attempt.GitHubAttempts = 1;
        return micro.Seed(attempt);
    }
}
