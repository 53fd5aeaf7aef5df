using Micro.PrLock.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.PrLock.Locks;

/// <summary>
/// Releases locks that expired in flight while pull requests wait for them, so the queue moves without the holder. A periodic sweep,
/// not a scheduled message: the Debian RabbitMQ has no delayed-exchange plug-in.
/// </summary>
sealed partial class ExpirySweeper(
    IServiceScopeFactory scopes, IDbContextFactory<PrLockDbContext> contexts, TimeProvider time, IOptions<PrLockOptions> options,
    ILogger<ExpirySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Sweep(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next tick tries again; a database hiccup must not stop the sweeper for good.
                LogSweepFailed(logger, exception);
            }
        }
    }

    async Task Sweep(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<Guid> candidates;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            candidates = await db.Locks
                .Where(l => (l.Status == LockStatus.Started || l.Status == LockStatus.MasterApplied) && l.ExpireDate < now)
                .Where(l => db.Queue.Any(waiting => waiting.EnvironmentId == l.CorrelationId))
                .Select(l => l.CorrelationId)
                .ToListAsync(cancellationToken);
        }

        foreach (var id in candidates)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<LockLedger>().ExpireIfWaited(id, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired PR locks failed; trying again at the next interval")]
    static partial void LogSweepFailed(ILogger logger, Exception exception);
}
