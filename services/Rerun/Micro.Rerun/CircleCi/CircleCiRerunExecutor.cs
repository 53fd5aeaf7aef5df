using MassTransit;
using Micro.CircleCi;
using Micro.Rerun.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.CircleCi;

/// <summary>
/// Performs a request's procedure when the saga gives it its turn, records the outcome, and tells the saga. The re-run call itself is
/// made once: claimed (<see cref="CircleCiRerunClaims"/>) before CircleCI is asked, and a claim found without an outcome (the answer
/// was lost, or the process died) is taken up by looking for the re-run in CircleCI's lists rather than by asking again.
/// </summary>
public sealed partial class CircleCiRerunExecutor(
    RerunDbContext db,
    CircleCiRerunClaims claims,
    BranchWorkflowRerun procedure,
    IOptions<CircleCiOptions> circleCi,
    IOptions<CircleCiRerunOptions> options,
    ILogger<CircleCiRerunExecutor> logger)
    : IConsumer<RunCircleCiRerun>
{
    /// <summary>Time beyond its calls for the holder of a claim to record their outcome.</summary>
    static readonly TimeSpan RecordingMargin = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longer than the holder of a claim can still be at work: the re-run call and the look-up after a lost answer are each bounded
    /// by the client's time-out. A claim older than this was left by a turn that ended without recording its outcome.
    /// </summary>
    TimeSpan CallLease => 2 * circleCi.Value.Timeout + RecordingMargin;

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
            var outcome = request.ClaimedAt is null ? await Perform(request, context.CancellationToken) : await TakeUp(request, context.CancellationToken);
            if (outcome is null)
                return;

            request.Complete(outcome, DateTime.UtcNow);
            await db.SaveChangesAsync(context.CancellationToken);
        }

        var rerun = request.Outcome == BranchRerunOutcome.CodeOf(BranchRerunOutcomeKind.RerunRequested) ? request.RerunWorkflowId : null;
        await context.Publish(new CircleCiRerunFinished(request.WorkflowKey, request.Id, request.PipelineId, rerun));
    }

    /// <summary>The procedure, claiming the re-run call; null when the outcome is another turn's to record, or not known yet.</summary>
    async Task<BranchRerunOutcome?> Perform(CircleCiRerunRequest request, CancellationToken cancellationToken)
    {
        request.State = CircleCiRerunRequest.Running;
        await db.SaveChangesAsync(cancellationToken);

        var claimed = false;
        var outcome = await procedure.Run(request.Procedure(), async (found, token) =>
            claimed = await claims.Claim(request.Id, found, DateTime.UtcNow, token), cancellationToken);
        if (outcome is null)
        {
            LogLeft(request.Id, "another turn claimed its rerun call first");
            return null;
        }

        // A turn that ran beside the one that re-ran may have found the new workflow in flight: the claim, not that, is the outcome.
        if (!claimed && await claims.IsClaimed(request.Id, cancellationToken))
        {
            LogLeft(request.Id, "another turn claimed its rerun call");
            return null;
        }

        return Settled(request, outcome);
    }

    /// <summary>
    /// A claim without an outcome. Once its holder can no longer be at work, CircleCI's lists say whether the re-run was made; when
    /// they still show none after CircleCI would have listed it (<see cref="CircleCiRerunOptions.VisibilityTimeout"/>), the call never
    /// reached CircleCI and the procedure starts over, claiming anew.
    /// </summary>
    async Task<BranchRerunOutcome?> TakeUp(CircleCiRerunRequest request, CancellationToken cancellationToken)
    {
        var age = DateTime.UtcNow - request.ClaimedAt!.Value;
        if (age < CallLease)
        {
            LogLeft(request.Id, "its rerun call may still be under way");
            return null;
        }

        var outcome = await procedure.FindRerun(request.Procedure(), request.Branch!, request.PipelineId!, request.WorkflowId!, cancellationToken);
        if (outcome.Kind != BranchRerunOutcomeKind.RerunUnconfirmed || age < CallLease + options.Value.VisibilityTimeout)
            return Settled(request, outcome);

        LogCallingAgain(request.Id, request.ClaimedAt.Value);
        return await claims.Release(request.Id, request.RerunCalls, cancellationToken) ? await Perform(request, cancellationToken) : null;
    }

    /// <summary>An unconfirmed re-run is not an outcome yet: a later turn (the sweeper gives one) looks again.</summary>
    BranchRerunOutcome? Settled(CircleCiRerunRequest request, BranchRerunOutcome outcome)
    {
        if (outcome.Kind != BranchRerunOutcomeKind.RerunUnconfirmed)
            return outcome;

        LogLeft(request.Id, outcome.Error ?? "its rerun is unconfirmed");
        return null;
    }

    [LoggerMessage(LogLevel.Warning, "CircleCI rerun request {RequestId} is not in the database; its turn is passed on")]
    partial void LogUnknown(Guid requestId);

    [LoggerMessage(LogLevel.Information, "CircleCI rerun request {RequestId} is left for a later turn: {Reason}")]
    partial void LogLeft(Guid requestId, string reason);

    [LoggerMessage(LogLevel.Warning, "CircleCI lists no rerun for request {RequestId}, claimed at {ClaimedAt:O}: the call never reached it; calling again")]
    partial void LogCallingAgain(Guid requestId, DateTime claimedAt);
}
