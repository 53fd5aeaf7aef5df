using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Micro.Rerun.CircleCi;

/// <summary>Where requests enter, from the API and from rules: stored first, then handed to the saga.</summary>
public sealed partial class CircleCiRerunIntake(RerunDbContext db, IPublishEndpoint publisher, ILogger<CircleCiRerunIntake> logger)
{
    /// <summary>
    /// Stores the request (unless a request with its id exists: rules derive ids from the delivery, so a redelivered event adds
    /// nothing) and publishes it while it is still queued. A failed publication is not the caller's problem once the row is stored: the sweeper publishes
    /// requests left queued.
    /// </summary>
    public async Task Submit(CircleCiRerunRequest request, CancellationToken cancellationToken)
    {
        request.WorkflowKey = WorkflowKey.Of(request.ProjectSlug, request.WorkflowName);
        request.CreatedAt = DateTime.UtcNow;
        var stored = await db.Set<CircleCiRerunRequest>().AsNoTracking().Where(row => row.Id == request.Id).Select(row => row.State)
            .SingleOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            db.Add(request);
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (stored != CircleCiRerunRequest.Queued)
        {
            return; // taken up already: handing it on again could only replay its outcome to the saga
        }

        try
        {
            await publisher.Publish(Requested(request), cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogNotPublished(error, request.Id);
        }
    }

    public static CircleCiRerunRequested Requested(CircleCiRerunRequest request) =>
        new(request.WorkflowKey, request.Id, request.ProjectSlug, request.WorkflowName);

    [LoggerMessage(LogLevel.Warning, "CircleCI rerun request {RequestId} is stored but could not be published now; the sweeper will publish it")]
    partial void LogNotPublished(Exception error, Guid requestId);
}
