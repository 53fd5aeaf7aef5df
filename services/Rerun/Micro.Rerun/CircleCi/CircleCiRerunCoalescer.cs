using MassTransit;
using Micro.Rerun.Data;
using Microsoft.EntityFrameworkCore;

namespace Micro.Rerun.CircleCi;

/// <summary>Records that requests joined a re-run already requested, rather than calling CircleCI themselves.</summary>
public sealed class CircleCiRerunCoalescer(RerunDbContext db) : IConsumer<CoalesceCircleCiReruns>
{
    public async Task Consume(ConsumeContext<CoalesceCircleCiReruns> context)
    {
        var ids = context.Message.RequestIds.ToList();
        var requests = await db.Set<CircleCiRerunRequest>().Where(request => ids.Contains(request.Id) && request.State != CircleCiRerunRequest.Done)
            .ToListAsync(context.CancellationToken);
        foreach (var request in requests)
            request.CoalesceInto(context.Message.IntoRequestId, context.Message.RerunWorkflowId, DateTime.UtcNow);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
