namespace Micro.Contracts.PrLock;

/// <summary>A pull request now holds an environment's lock: it acquired it, or it was next in the queue when the lock was released.</summary>
/// <param name="Repository">The environment's repository (<c>owner/name</c>) when known; commit statuses need it.</param>
/// <param name="FromQueue">True when the lock was handed over to a waiting pull request rather than acquired by its pipeline.</param>
public sealed record PrLockGranted(string Environment, int PullRequestNumber, string? Repository, DateTime ExpireDate, bool FromQueue);
