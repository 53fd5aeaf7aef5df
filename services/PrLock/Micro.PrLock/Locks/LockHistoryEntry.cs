namespace Micro.PrLock.Locks;

/// <summary>One change of an environment's lock: who, when, from what, to what, and why.</summary>
public sealed class LockHistoryEntry
{
    public long Id { get; init; }

    public Guid EnvironmentId { get; init; }

    public DateTime At { get; init; }

    /// <summary>The pull request that asked; null when the service (queue, sweeper, closed pull request) or an operator did.</summary>
    public int? RequestedBy { get; init; }

    public LockStatus FromStatus { get; init; }

    public int FromPullRequest { get; init; }

    public LockStatus ToStatus { get; init; }

    public int ToPullRequest { get; init; }

    public required string Reason { get; init; }

    public static LockHistoryEntry Of(Guid environmentId, LockTransition transition, DateTime at) => new()
    {
        EnvironmentId = environmentId,
        At = at,
        RequestedBy = transition.By,
        FromStatus = transition.From,
        FromPullRequest = transition.FromHolder,
        ToStatus = transition.To,
        ToPullRequest = transition.ToHolder,
        Reason = transition.Reason,
    };
}
