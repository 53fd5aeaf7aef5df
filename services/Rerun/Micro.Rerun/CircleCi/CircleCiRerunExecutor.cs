using MassTransit;
using Micro.Rerun.Data;
using Microsoft.EntityFrameworkCore;

namespace Micro.Rerun.CircleCi;

/// <summary>Performs a request's procedure when the saga gives it its turn, records the outcome, and tells the saga.</summary>
public sealed partial class CircleCiRerunExecutor(RerunDbContext db, BranchWorkflowRerun procedure, ILogger<CircleCiRerunExecutor> logger)
    : IConsumer<RunCircleCiRerun>
{
    public async Task Consume(ConsumeContext<RunCircleCiRerun> context)
    {
        var requests = db.Set<CircleCiRerunRequest>();
        var request = await requests.SingleOrDefaultAsync(row => row.Id == context.Message.RequestId, context.CancellationToken);
        if (request is null)
        {
            LogUnknown(context.Message.RequestId);
            await context.Publish(new CircleCiRerunFinished(context.Message.WorkflowKey, context.Message.RequestId, null, null));
            return;
        }

        // A redelivered turn of a finished request only repeats the answer: CircleCI is not asked twice.
        if (request.State != CircleCiRerunRequest.Done)
        {
            request.State = CircleCiRerunRequest.Running;
            await db.SaveChangesAsync(context.CancellationToken);

            var outcome = await procedure.Run(request.Procedure(), context.CancellationToken);
            request.Complete(outcome, DateTime.UtcNow);
            await db.SaveChangesAsync(context.CancellationToken);
        }

        var rerun = request.Outcome == BranchRerunOutcome.CodeOf(BranchRerunOutcomeKind.RerunRequested) ? request.RerunWorkflowId : null;
        await context.Publish(new CircleCiRerunFinished(request.WorkflowKey, request.Id, request.PipelineId, rerun));
    }

    [LoggerMessage(LogLevel.Warning, "CircleCI rerun request {RequestId} is not in the database; its turn is passed on")]
    partial void LogUnknown(Guid requestId);
}
