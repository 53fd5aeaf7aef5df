using Micro.Rerun.GitHubActions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
    static async Task LeaveInterruptedClaim(StandaloneMicro micro, string repository, long runId)
    {
        var now = DateTime.UtcNow;
        await using var db = await micro.Services.GetRequiredService<IDbContextFactory<RerunDbContext>>().CreateDbContextAsync();
        db.Add(new WorkflowRunAttemptState
        {
            CorrelationId = RunAttemptKey.Of(repository, runId, 1),
            CurrentState = nameof(WorkflowRunAttemptStateMachine.RerunDue),
            Repository = repository,
            RepositoryKey = repository.ToLowerInvariant(),
            RunId = runId,
            RunAttempt = 1,
            Jobs = [new SeenJob(1, "build", Contracts.GitHub.WorkflowJobAction.Completed, "failure")],
            Failure = "failed jobs: build",
            Reason = "failed jobs: build; re-run due",
            FirstSeenAt = now.AddHours(-1),
            UpdatedAt = now.AddHours(-1),
            FinalAt = now.AddHours(-1),
            DueAt = now.AddHours(-1),
            CallingSince = now.AddHours(-1),
            GitHubAttempts = 1,
        });
        await db.SaveChangesAsync();
    }
}
