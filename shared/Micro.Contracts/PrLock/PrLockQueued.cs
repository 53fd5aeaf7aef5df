namespace Micro.Contracts.PrLock;

/// <summary>A pull request was refused the lock and waits in the environment's queue behind <paramref name="HolderPullRequestNumber"/>.</summary>
public sealed record PrLockQueued(string Environment, int PullRequestNumber, string? Repository, int HolderPullRequestNumber, int Position);
