using MassTransit;
using Micro.CircleCi;
using Micro.Rerun.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.CircleCi;

/// <summary>
/// The time-based half of the saga, without scheduled messages: every <see cref="CircleCiRerunOptions.SweepInterval"/> it looks up each
/// re-run held in flight on CircleCI and releases the workflow once the new run has finished (or was waited for long enough), and
/// hands on again what may have been lost: requests still queued, and turns whose worker never reported back. Several replicas may
/// sweep at once: the saga and the worker ignore repeats.
/// </summary>
public sealed partial class CircleCiRerunSweeper(
    IDbContextFactory<RerunDbContext> databases,
    IServiceScopeFactory scopes,
    IBus bus,
    IOptions<CircleCiRerunOptions> options,
    IOptions<CircleCiOptions> circleCiOptions,
    ILogger<CircleCiRerunSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Sweep(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(error);
            }
        }
    }

    public async Task Sweep(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var inFlight = await db.Set<CircleCiWorkflowRerunState>().AsNoTracking()
            .Where(saga => saga.CurrentState == "InFlight").ToListAsync(cancellationToken);
        foreach (var saga in inFlight)
        {
            if (await SettledReason(saga, cancellationToken) is { } reason)
                await bus.Publish(new CircleCiRerunSettled(saga.CorrelationId, reason), cancellationToken);
        }

        var stuckSince = DateTime.UtcNow - options.Value.ExecutionTimeout;
        var stuck = await db.Set<CircleCiWorkflowRerunState>().AsNoTracking()
            .Where(saga => saga.CurrentState == "Executing" && saga.ActiveSince < stuckSince).ToListAsync(cancellationToken);
        foreach (var saga in stuck)
            await bus.Publish(new RunCircleCiRerun(saga.CorrelationId, saga.ActiveRequestId!.Value), cancellationToken);

        var stale = DateTime.UtcNow - options.Value.RequeueAfter;
        var queued = await db.Set<CircleCiRerunRequest>().AsNoTracking()
            .Where(request => request.State == CircleCiRerunRequest.Queued && request.CreatedAt < stale).ToListAsync(cancellationToken);
        foreach (var request in queued)
            await bus.Publish(CircleCiRerunIntake.Requested(request), cancellationToken);
    }

    async Task<string?> SettledReason(CircleCiWorkflowRerunState saga, CancellationToken cancellationToken)
    {
        var held = DateTime.UtcNow - (saga.InFlightSince ?? DateTime.UtcNow);
        if (held > options.Value.InFlightTimeout)
            return $"held in flight for {options.Value.InFlightTimeout}";

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var workflows = await scope.ServiceProvider.GetRequiredService<CircleCiClient>().ListWorkflows(saga.RerunPipelineId!, cancellationToken);
            return workflows.FirstOrDefault(workflow => workflow.Id == saga.RerunWorkflowId) switch
            {
                null when held > options.Value.VisibilityTimeout => $"workflow {saga.RerunWorkflowId} not listed by CircleCI after {options.Value.VisibilityTimeout}",
                { } rerun when !circleCiOptions.Value.IsInFlight(rerun.Status) => $"workflow {rerun.Id} ended with status {rerun.Status}",
                _ => null,
            };
        }
        catch (Exception error) when (error is CircleCiApiException or CircleCiNotConfiguredException or HttpRequestException or TaskCanceledException
                                      && !cancellationToken.IsCancellationRequested)
        {
            LogProbeFailed(saga.ProjectSlug, saga.WorkflowName, error.Message);
            return null;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Sweeping CircleCI reruns failed; trying again at the next tick")]
    partial void LogSweepFailed(Exception error);

    [LoggerMessage(LogLevel.Warning, "Could not look up the rerun of {ProjectSlug} {WorkflowName} in flight: {Error}")]
    partial void LogProbeFailed(string projectSlug, string workflowName, string error);
}
