using Micro.GitWorkflow.Data;
using Micro.Persistence.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Runs;

/// <summary>Deletes runs that ended longer than <c>GitWorkflow:Retention</c> ago: the request, the saga's record and the steps.</summary>
public sealed class WorkflowRunRetention(
    IDbContextFactory<GitWorkflowDbContext> contexts, IOptionsMonitor<GitWorkflowOptions> options, TimeProvider clock, ILogger<WorkflowRunRetention> logger)
    : RetentionSweep(clock, logger)
{
    protected override string Records => "ended git workflow runs";

    protected override string Setting => $"{GitWorkflowOptions.Section}:{nameof(GitWorkflowOptions.Retention)}";

    protected override TimeSpan Retention => options.CurrentValue.Retention;

    protected override TimeSpan Interval => options.CurrentValue.RetentionSweepInterval;

    protected override async Task<int> DeleteOlderThan(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ended = db.States.Where(run => run.FinishedAt < cutoff).Select(run => run.CorrelationId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Steps.Where(step => ended.Contains(step.RunId)).ExecuteDeleteAsync(cancellationToken);
        var deleted = await db.Runs.Where(run => ended.Contains(run.Id)).ExecuteDeleteAsync(cancellationToken);
        await db.States.Where(run => run.FinishedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
