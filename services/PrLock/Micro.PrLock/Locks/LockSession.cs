using Micro.Contracts.PrLock;
using Micro.Persistence.Outbox;
using Micro.PrLock.Data;
using Microsoft.EntityFrameworkCore;

namespace Micro.PrLock.Locks;

/// <summary>
/// One environment's lock, loaded under its row lock, with what changing it entails: history rows, the queue, and the events that
/// announce it, written to the outbox in the same transaction.
/// </summary>
sealed class LockSession(PrLockDbContext db, EnvironmentLock environment, DateTime now, TimeSpan duration)
{
    public EnvironmentLock Lock => environment;

    public DateTime Now => now;

    public TimeSpan Duration => duration;

    public void Record(LockTransition transition)
    {
        db.History.Add(LockHistoryEntry.Of(environment.CorrelationId, transition, now));
        var wasLocked = transition.From is LockStatus.Started or LockStatus.MasterApplied;
        var isLocked = transition.To is LockStatus.Started or LockStatus.MasterApplied;
        if (wasLocked && !isLocked)
        {
            Announce(new PrLockReleased(environment.Name, transition.FromHolder, environment.Repository, transition.To.ToString(), transition.Reason,
                Expired: transition.Reason == "expired"));
        }

        if (isLocked && (!wasLocked || transition.FromHolder != transition.ToHolder))
            Announce(new PrLockGranted(environment.Name, transition.ToHolder, environment.Repository, environment.ExpireDate, FromQueue: transition.By is null));
    }

    /// <summary>Remembers a refused pull request once; answers its place in the queue, from 1.</summary>
    public async Task<int> Enqueue(int pullRequest, CancellationToken cancellationToken)
    {
        var queue = await Waiting(cancellationToken);
        var index = queue.FindIndex(waiting => waiting.PullRequestNumber == pullRequest);
        if (index >= 0)
            return index + 1;

        db.Queue.Add(new WaitingPullRequest { EnvironmentId = environment.CorrelationId, PullRequestNumber = pullRequest, QueuedAt = now });
        Announce(new PrLockQueued(environment.Name, pullRequest, environment.Repository, environment.PullRequestNumber, queue.Count + 1));
        return queue.Count + 1;
    }

    public async Task Leave(int pullRequest, CancellationToken cancellationToken) =>
        db.Queue.RemoveRange(await db.Queue.Where(waiting => waiting.EnvironmentId == environment.CorrelationId && waiting.PullRequestNumber == pullRequest)
            .ToListAsync(cancellationToken));

    /// <summary>A released lock goes to the pull request that has waited longest, so nobody who asked later can overtake it.</summary>
    public async Task AdvanceQueue(CancellationToken cancellationToken)
    {
        if (environment.IsLocked)
            return;
        var next = (await Waiting(cancellationToken)).FirstOrDefault();
        if (next is null)
            return;

        db.Queue.Remove(next);
        Record(environment.GrantToNext(next.PullRequestNumber, now, duration));
    }

    void Announce(object message) => db.AddToOutbox(message, DateTime.SpecifyKind(now, DateTimeKind.Utc));

    public async Task<bool> AnyWaiting(CancellationToken cancellationToken) =>
        await db.Queue.AnyAsync(waiting => waiting.EnvironmentId == environment.CorrelationId, cancellationToken);

    async Task<List<WaitingPullRequest>> Waiting(CancellationToken cancellationToken)
    {
        var stored = await db.Queue.Where(waiting => waiting.EnvironmentId == environment.CorrelationId).OrderBy(waiting => waiting.Sequence)
            .ToListAsync(cancellationToken);
        // A pull request that left in this session is still in the table until the session saves.
        return stored.Where(waiting => db.Entry(waiting).State != EntityState.Deleted).ToList();
    }
}
