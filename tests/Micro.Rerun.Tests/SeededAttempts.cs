using Micro.Contracts.GitHub;
using Micro.Rerun.Data;
using Micro.Rerun.GitHubActions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Rerun.Tests;

/// <summary>Run attempt records written straight into the service's database: states a test cannot wait for, such as a crash or a year.</summary>
static class SeededAttempts
{
    /// <summary>A failed attempt, last changed at <paramref name="at"/>, in <paramref name="state"/>.</summary>
    public static WorkflowRunAttemptState Failed(string repository, long runId, string state, DateTime at) => new()
    {
        CorrelationId = RunAttemptKey.Of(repository, runId, 1),
        CurrentState = state,
        Repository = repository,
        RepositoryKey = repository.ToLowerInvariant(),
        RunId = runId,
        RunAttempt = 1,
        Jobs = [new SeenJob(1, "build", WorkflowJobAction.Completed, "failure")],
        Failure = "failed jobs: build",
        Reason = "failed jobs: build; re-run due",
        FirstSeenAt = at,
        UpdatedAt = at,
        FinalAt = at,
        DueAt = state == nameof(WorkflowRunAttemptStateMachine.RerunDue) ? at : null,
    };

    public static async Task Seed(this StandaloneMicro micro, params WorkflowRunAttemptState[] attempts)
    {
        await using var db = await micro.Services.GetRequiredService<IDbContextFactory<RerunDbContext>>().CreateDbContextAsync();
        db.AddRange(attempts);
        await db.SaveChangesAsync();
    }
}
