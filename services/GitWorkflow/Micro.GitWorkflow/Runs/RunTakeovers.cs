using Micro.GitWorkflow.Data;
using Micro.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Runs;

/// <summary>
/// Hands out again the runs whose executor died: every half <see cref="GitWorkflowOptions.ClaimLease"/>, an unfinished run whose claim
/// lapsed gets a new go (<see cref="ExecuteWorkflowRun"/>, through the outbox), and its claim is freed in the same transaction so
/// that one replica's sweep hands it out once. The executor that takes it resumes it after its last lasting step.
/// </summary>
public sealed partial class RunTakeovers(
    IDbContextFactory<GitWorkflowDbContext> contexts,
    OutboxRelay<GitWorkflowDbContext> outbox,
    IOptions<GitWorkflowOptions> options,
    TimeProvider time,
    ILogger<RunTakeovers> logger) : BackgroundService
{
    const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ClaimLease / 2, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await HandOutLapsed(stoppingToken);
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(failure.GetType().Name, failure.Message);
            }
        }
    }

    async Task HandOutLapsed(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var lapsed = await db.Runs.AsNoTracking()
            .Where(run => run.ExecutedAt == null && run.ClaimedUntil != null && run.ClaimedUntil < now)
            .OrderBy(run => run.ClaimedUntil)
            .Select(run => new { run.Id, run.ClaimedBy, run.ClaimedUntil })
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var run in lapsed)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var freed = await db.Runs.Where(row => row.Id == run.Id && row.ExecutedAt == null && row.ClaimedUntil == run.ClaimedUntil)
                .ExecuteUpdateAsync(row => row.SetProperty(r => r.ClaimedUntil, (DateTime?)null), cancellationToken);
            if (freed == 0)
                continue;
            db.AddToOutbox(new ExecuteWorkflowRun(run.Id), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            LogHandedOut(run.Id, run.ClaimedBy ?? "(unknown)");
        }

        if (lapsed.Count > 0)
            outbox.Wake();
    }

    [LoggerMessage(LogLevel.Warning, "Run {RunId}: its executor {Holder} stopped renewing its claim; the run is handed out again to resume")]
    partial void LogHandedOut(Guid runId, string holder);

    [LoggerMessage(LogLevel.Warning, "Looking for runs whose executor died failed ({Error}: {Reason}); trying again at the next sweep")]
    partial void LogSweepFailed(string error, string reason);
}
