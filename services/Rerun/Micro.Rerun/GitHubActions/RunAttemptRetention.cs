using Micro.Rerun.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// Deletes the records of attempts nothing has happened to for <see cref="RerunOptions.Retention"/>, so the database does not grow
/// with every run forever. Replicas sweep alike; a delete of rows already gone deletes nothing.
/// </summary>
public sealed partial class RunAttemptRetention(
    IDbContextFactory<RerunDbContext> contexts,
    IOptionsMonitor<RerunOptions> options,
    TimeProvider clock,
    ILogger<RunAttemptRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await Sweep(stoppingToken);
                if (deleted > 0)
                    LogDeleted(logger, deleted, options.CurrentValue.Retention);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, error.GetType().Name, error.Message);
            }

            await Task.Delay(options.CurrentValue.RetentionSweepInterval, clock, stoppingToken);
        }
    }

    async Task<int> Sweep(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - options.CurrentValue.Retention;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<WorkflowRunAttemptState>()
            .Where(attempt => attempt.UpdatedAt < before && attempt.CurrentState != nameof(WorkflowRunAttemptStateMachine.RerunDue)
                && attempt.CurrentState != nameof(WorkflowRunAttemptStateMachine.JobListDue))
            .ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} run attempt records unchanged for {Retention} (Rerun:Retention)")]
    static partial void LogDeleted(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting old run attempt records failed ({Error}: {Reason}); trying again at the next sweep")]
    static partial void LogSweepFailed(ILogger logger, string error, string reason);
}
