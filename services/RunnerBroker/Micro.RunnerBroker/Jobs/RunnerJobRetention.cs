using Micro.Persistence.Retention;
using Micro.RunnerBroker.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// Deletes the records of jobs that ended longer than <c>RunnerBroker:Retention</c> ago, and launcher tokens expired as long; a job
/// that still waits for a launch, a cancel or a dispatcher's answer is kept whatever its age.
/// </summary>
public sealed class RunnerJobRetention(
    IDbContextFactory<RunnerBrokerDbContext> contexts, IOptionsMonitor<RunnerBrokerOptions> options, TimeProvider clock, ILogger<RunnerJobRetention> logger)
    : RetentionSweep(clock, logger)
{
    static readonly string[] EndStates =
    [
        nameof(RunnerJobStateMachine.Ignored), nameof(RunnerJobStateMachine.Unmapped), nameof(RunnerJobStateMachine.NoLauncher),
        nameof(RunnerJobStateMachine.LaunchFailed), nameof(RunnerJobStateMachine.TimedOut), nameof(RunnerJobStateMachine.Finished),
    ];

    protected override string Records => "runner job records and launcher tokens";

    protected override string Setting => $"{RunnerBrokerOptions.Section}:{nameof(RunnerBrokerOptions.Retention)}";

    protected override TimeSpan Retention => options.CurrentValue.Retention;

    protected override TimeSpan Interval => options.CurrentValue.RetentionSweepInterval;

    protected override async Task<int> DeleteOlderThan(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var jobs = await db.Jobs
            .Where(job => job.UpdatedAt < cutoff && EndStates.Contains(job.CurrentState) && !job.CancelsDue && job.CallingSince == null)
            .ExecuteDeleteAsync(cancellationToken);
        var tokens = await db.LauncherTokens.Where(token => token.ExpiresAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        return jobs + tokens;
    }
}
