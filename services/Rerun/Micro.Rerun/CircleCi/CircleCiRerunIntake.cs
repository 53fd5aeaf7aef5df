using Micro.Persistence.Outbox;
using Micro.Rerun.Data;
using Microsoft.EntityFrameworkCore;

namespace Micro.Rerun.CircleCi;

/// <summary>Where requests enter, from the API and from rules: stored, and handed to the saga through the outbox.</summary>
public sealed class CircleCiRerunIntake(RerunDbContext db, OutboxRelay<RerunDbContext> outbox)
{
    /// <summary>
    /// Stores the request with the message that hands it to the saga, in one transaction: a stored request reaches the saga whatever
    /// the broker is doing when it is asked for. A request whose id exists adds nothing (rules derive ids from the delivery, so a
    /// redelivered event is the same request).
    /// </summary>
    public async Task Submit(CircleCiRerunRequest request, CancellationToken cancellationToken)
    {
        if (await db.Set<CircleCiRerunRequest>().AnyAsync(row => row.Id == request.Id, cancellationToken))
            return;

        request.WorkflowKey = WorkflowKey.Of(request.Repository, request.BranchPrefix, request.ProjectSlug, request.WorkflowName);
        request.CreatedAt = DateTime.UtcNow;
        db.Add(request);
        db.AddToOutbox(Requested(request), request.CreatedAt);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Wake();
    }

    public static CircleCiRerunRequested Requested(CircleCiRerunRequest request) =>
        new(request.WorkflowKey, request.Id, request.ProjectSlug, request.WorkflowName);
}
