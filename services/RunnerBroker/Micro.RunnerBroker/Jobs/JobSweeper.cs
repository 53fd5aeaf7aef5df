using MassTransit;
using Micro.RunnerBroker.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// The time-based part of following jobs, as a periodic sweep rather than scheduled messages (the Debian RabbitMQ has no delayed-exchange
/// plug-in): a launched job whose check time has come (a start timeout, a relaunch) is handed to its saga as <see cref="RunnerJobDue"/>,
/// which decides with the service's clock. Each round also counts the jobs waiting for a runner, for the metrics.
/// </summary>
sealed partial class JobSweeper(
    IDbContextFactory<RunnerBrokerDbContext> contexts, IServiceScopeFactory scopes, RunnerMetrics metrics, IOptionsMonitor<RunnerBrokerOptions> options,
    TimeProvider clock, ILogger<JobSweeper> logger) : BackgroundService
{
    const int BatchSize = 200;

    static readonly string[] WaitingStates = [nameof(RunnerJobStateMachine.LaunchDue), nameof(RunnerJobStateMachine.Launched)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Sweep(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, error.GetType().Name, error.Message);
            }

            await Task.Delay(options.CurrentValue.PollInterval, stoppingToken);
        }
    }

    async Task Sweep(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        const string launched = nameof(RunnerJobStateMachine.Launched);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await db.Jobs.AsNoTracking().Where(job => job.CurrentState == launched && job.CheckAt <= now)
            .OrderBy(job => job.CheckAt).Select(job => job.CorrelationId).Take(BatchSize).ToListAsync(cancellationToken);
        if (due.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var bus = scope.ServiceProvider.GetRequiredService<IBus>();
            // A repeat before the saga has moved the check time on changes nothing: the saga decides from the time, not the message.
            foreach (var id in due)
                await bus.Publish(new RunnerJobDue(id), cancellationToken);
        }

        var waiting = await db.Jobs.AsNoTracking().Where(job => WaitingStates.Contains(job.CurrentState))
            .GroupBy(job => job.Repository)
            .Select(group => new { Repository = group.Key, Count = group.Count(), Oldest = group.Min(job => job.FirstSeenAt) })
            .ToListAsync(cancellationToken);
        metrics.Waiting = waiting.Select(entry => new WaitingRepository(entry.Repository, entry.Count, now - entry.Oldest)).ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping launched runner jobs failed ({Error}: {Reason}); trying again at the next interval")]
    static partial void LogSweepFailed(ILogger logger, string error, string reason);
}
