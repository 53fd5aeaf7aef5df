namespace Micro.Contracts.PrLock;

/// <summary>
/// An environment's lock was let go by <paramref name="PullRequestNumber"/>: its pipeline completed or aborted, its pull request was
/// closed, it expired, or an operator reset it.
/// </summary>
/// <param name="Status">The status written: <c>Completed</c> or <c>Aborted</c>.</param>
/// <param name="Reason">Why, as recorded in the lock's history (<c>complete</c>, <c>abort</c>, <c>expired</c>, <c>pull request closed</c>, <c>reset</c>).</param>
/// <param name="Expired">True when the lock was released because it had expired in flight.</param>
public sealed record PrLockReleased(string Environment, int PullRequestNumber, string? Repository, string Status, string Reason, bool Expired);
