namespace Micro.PrLock.Locks;

/// <summary>A pull request refused an environment's lock, remembered once, served in the order it first asked.</summary>
public sealed class WaitingPullRequest
{
    /// <summary>Increasing in arrival order: the queue's order.</summary>
    public long Sequence { get; init; }

    public Guid EnvironmentId { get; init; }

    public int PullRequestNumber { get; init; }

    public DateTime QueuedAt { get; init; }
}
