using Micro.CircleCi;
using Micro.Rerun.Data;
using Microsoft.EntityFrameworkCore;

namespace Micro.Rerun.CircleCi;

/// <summary>
/// The claim on a request's re-run call, taken and given up by conditional updates: of several turns of one request (a redelivery,
/// the sweepers of several replicas) exactly one asks CircleCI, and it has committed its claim before it asks.
/// </summary>
public sealed class CircleCiRerunClaims(RerunDbContext db)
{
    /// <summary>Claims the call for what the steps found, unless the request is claimed or done already.</summary>
    public async Task<bool> Claim(Guid requestId, BranchRerunOutcome found, DateTime now, CancellationToken cancellationToken) =>
        await Requests(requestId).Where(request => request.ClaimedAt == null)
            .ExecuteUpdateAsync(request => request
                .SetProperty(row => row.ClaimedAt, now)
                .SetProperty(row => row.RerunCalls, row => row.RerunCalls + 1)
                .SetProperty(row => row.Branch, found.Branch)
                .SetProperty(row => row.BranchCount, found.BranchCount)
                .SetProperty(row => row.PipelineId, found.Pipeline!.Id)
                .SetProperty(row => row.PipelineNumber, found.Pipeline.Number)
                .SetProperty(row => row.WorkflowId, found.Workflow!.Id)
                .SetProperty(row => row.WorkflowStatus, found.Workflow.Status), cancellationToken) == 1;

    /// <summary>Gives up the claim seen after <paramref name="rerunCalls"/> calls, unless another turn has changed it meanwhile.</summary>
    public async Task<bool> Release(Guid requestId, int rerunCalls, CancellationToken cancellationToken) =>
        await Requests(requestId).Where(request => request.ClaimedAt != null && request.RerunCalls == rerunCalls)
            .ExecuteUpdateAsync(request => request.SetProperty(row => row.ClaimedAt, (DateTime?)null), cancellationToken) == 1;

    public Task<bool> IsClaimed(Guid requestId, CancellationToken cancellationToken) =>
        db.Set<CircleCiRerunRequest>().AnyAsync(request => request.Id == requestId && request.ClaimedAt != null, cancellationToken);

    IQueryable<CircleCiRerunRequest> Requests(Guid requestId) =>
        db.Set<CircleCiRerunRequest>().Where(request => request.Id == requestId && request.State != CircleCiRerunRequest.Done);
}
