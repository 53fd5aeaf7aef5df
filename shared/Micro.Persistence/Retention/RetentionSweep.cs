using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micro.Persistence.Retention;

/// <summary>
/// Deletes a service's records once they are older than its retention, on an interval, so that its database does not grow with every
/// event forever. Replicas sweep alike: a delete of rows another replica removed first deletes nothing, and a failed sweep is logged
/// and tried again at the next interval rather than stopping the service.
/// </summary>
public abstract partial class RetentionSweep(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>What is deleted, for the log: "deliveries from the delivery log".</summary>
    protected abstract string Records { get; }

    /// <summary>The configuration key that sets <see cref="Retention"/>, named in the log so an operator knows what to change.</summary>
    protected abstract string Setting { get; }

    protected abstract TimeSpan Retention { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>Deletes what is older than <paramref name="cutoff"/> (UTC); answers how many records went.</summary>
    protected abstract Task<int> DeleteOlderThan(DateTime cutoff, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await DeleteOlderThan(clock.GetUtcNow().UtcDateTime - Retention, stoppingToken);
                if (deleted > 0)
                    LogDeleted(logger, deleted, Records, Retention, Setting);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, Records, error.GetType().Name, error.Message);
            }

            await Task.Delay(Interval, clock, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} {Records} older than {Retention} ({Setting})")]
    static partial void LogDeleted(ILogger logger, int count, string records, TimeSpan retention, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete old {Records} ({Error}: {Reason}); trying again at the next sweep")]
    static partial void LogSweepFailed(ILogger logger, string records, string error, string reason);
}

public static class RetentionSweepRegistration
{
    public static IServiceCollection AddRetentionSweep<TSweep>(this IServiceCollection services)
        where TSweep : RetentionSweep
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddHostedService<TSweep>();
    }
}
