using Micro.Persistence.Retention;
using Micro.Rerun.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.GitHubActions;

/// <summary>Deletes the records of attempts nothing has happened to for <see cref="RerunOptions.Retention"/>, unless a re-run is still due.</summary>
public sealed class RunAttemptRetention(
    IDbContextFactory<RerunDbContext> contexts, IOptionsMonitor<RerunOptions> options, TimeProvider clock, ILogger<RunAttemptRetention> logger)
    : RetentionSweep(clock, logger)
{
    protected override string Records => "run attempt records";

    protected override string Setting => $"{RerunOptions.Section}:{nameof(RerunOptions.Retention)}";

    protected override TimeSpan Retention => options.CurrentValue.Retention;

    protected override TimeSpan Interval => options.CurrentValue.RetentionSweepInterval;

    protected override async Task<int> DeleteOlderThan(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // An attempt is never updated before it was first seen, so the first condition adds nothing but the index that finds the
        // candidates: UpdatedAt has none, so that the update of each event leaves the table's indexes alone.
        return await db.Set<WorkflowRunAttemptState>()
            .Where(attempt => attempt.FirstSeenAt < cutoff && attempt.UpdatedAt < cutoff && attempt.CurrentState != nameof(WorkflowRunAttemptStateMachine.RerunDue)
                && attempt.CurrentState != nameof(WorkflowRunAttemptStateMachine.JobListDue))
            .ExecuteDeleteAsync(cancellationToken);
    }
}
