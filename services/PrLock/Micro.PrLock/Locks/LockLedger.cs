using Micro.Persistence.Outbox;
using Micro.Persistence.Sagas;
using Micro.PrLock.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.PrLock.Locks;

/// <summary>The answer to a pipeline: the decision, where the lock stands after it, and the asker's place in the queue when refused.</summary>
public sealed record LockReply(LockDecision Decision, string Environment, LockStatus Status, int Holder, DateTime ExpireDate, int? QueuePosition);

/// <summary>
/// Every change of a lock goes through here: in one transaction that holds the environment's row lock (<c>SELECT … FOR UPDATE</c> on
/// PostgreSQL, SQLite's write lock), so replicas deciding at once take turns and each sees the previous decision. The events that
/// announce a change are written to the outbox in the same transaction: nobody hears of a change that did not happen, and a broker
/// outage delays them without failing or slowing the answer.
/// </summary>
public sealed class LockLedger(
    IDbContextFactory<PrLockDbContext> contexts, OutboxRelay<PrLockDbContext> outbox, TimeProvider time, IOptions<PrLockOptions> options)
{
    TimeSpan Duration => options.Value.ExpireDuration;

    public Task<LockReply> Acquire(string environment, int pullRequest, string? repository, CancellationToken cancellationToken) =>
        Decide(environment, repository, async session =>
        {
            var decision = session.Lock.Acquire(pullRequest, session.Now, session.Duration);
            int? position = null;
            if (decision.Outcome == LockOutcome.Locked)
                position = await session.Enqueue(pullRequest, cancellationToken);
            else if (decision.Outcome == LockOutcome.Acquired)
                await session.Leave(pullRequest, cancellationToken);
            return (decision, position);
        }, cancellationToken);

    /// <summary>
    /// A holder's transition. An <c>abort</c> that does not go through (from a pull request that only waits, or on an expired lock) still
    /// takes its pull request out of the queue: its pipeline has given up, and the lock must not be handed to it later.
    /// </summary>
    public Task<LockReply> Apply(string environment, LockCommand command, int pullRequest, CancellationToken cancellationToken) =>
        Decide(environment, null, async session =>
        {
            var decision = session.Lock.Apply(command, pullRequest, session.Now, session.Duration);
            if (command == LockCommand.Abort && !decision.Proceeds)
                await session.Leave(pullRequest, cancellationToken);
            return (decision, null);
        }, cancellationToken);

    public Task<LockReply> Reset(string environment, CancellationToken cancellationToken) =>
        Decide(environment, null, session => Task.FromResult<(LockDecision, int?)>((session.Lock.Reset(), null)), cancellationToken);

    /// <summary>Releases an expired lock in flight, but only for the sake of someone waiting: alone, it waits for the next acquire.</summary>
    public Task ExpireIfWaited(Guid environmentId, CancellationToken cancellationToken) =>
        Change(environmentId, async session =>
        {
            if (!await session.AnyWaiting(cancellationToken))
                return null;
            return session.Lock.ExpireInFlight(session.Now, session.Duration);
        }, cancellationToken);

    /// <summary>Passes a lock handed over from the queue on when its pull request's pipeline has not taken it up in time.</summary>
    public Task PassOnUntaken(Guid environmentId, CancellationToken cancellationToken) =>
        Change(environmentId, session => Task.FromResult(session.Lock.PassOnUntaken(session.Now, options.Value.GrantTimeout, session.Duration)),
            cancellationToken);

    /// <summary>A closed pull request releases the environments it holds and leaves the queues it waits in.</summary>
    public async Task PullRequestClosed(string repository, int pullRequest, bool merged, CancellationToken cancellationToken)
    {
        repository = RepositoryName.Canonical(repository);
        List<Guid> concerned;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            concerned = await db.Locks.Where(l => l.Repository == repository).Select(l => l.CorrelationId).ToListAsync(cancellationToken);
        }

        foreach (var id in concerned)
        {
            await Change(id, async session =>
            {
                await session.Leave(pullRequest, cancellationToken);
                return session.Lock.ReleaseClosed(pullRequest, merged, session.Now, session.Duration);
            }, cancellationToken);
        }
    }

    async Task<LockReply> Decide(
        string environment, string? repository, Func<LockSession, Task<(LockDecision Decision, int? Position)>> decide, CancellationToken cancellationToken)
    {
        var wanted = repository is null ? options.Value.RepositoryOf(environment) : RepositoryName.Canonical(repository);
        var id = await EnsureExists(environment, wanted, cancellationToken);
        (LockDecision Decision, int? Position) made = default;
        var after = await Change(id, async session =>
        {
            made = await decide(session);
            // Only a pull request the lock goes to (or the first to name one) says where the environment's pull requests live:
            // a refused pipeline of another repository must not redirect the holder's statuses and close events.
            if (wanted is not null && (made.Decision.Outcome == LockOutcome.Acquired || session.Lock.Repository is null))
                session.Lock.Repository = wanted;
            return made.Decision;
        }, cancellationToken);
        // The state after the queue moved: a release answered with its successor, not with the lock as the caller left it.
        return new LockReply(made.Decision!, after.Name, after.Status, after.PullRequestNumber, after.ExpireDate, made.Position);
    }

    /// <summary>Runs one decision on one environment under its row lock, records it, advances the queue, and commits.</summary>
    async Task<EnvironmentLock> Change(Guid id, Func<LockSession, Task<LockDecision?>> decide, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = await SagaTransaction.Run(db, async () =>
        {
            var environment = await SagaRowLock.LoadLocked<EnvironmentLock>(db, id, cancellationToken)
                ?? throw new InvalidOperationException($"Environment lock {id} vanished");
            var session = new LockSession(db, environment, time.GetUtcNow().UtcDateTime, Duration);
            if (await decide(session) is { Transition: { } transition })
                session.Record(transition);
            await session.AdvanceQueue(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return environment;
        }, cancellationToken);
        outbox.Wake();
        return changed;
    }

    /// <summary>Creates an environment on first use. Two first uses at once collide on the key; the loser goes on with the winner's row.</summary>
    async Task<Guid> EnsureExists(string environment, string? repository, CancellationToken cancellationToken)
    {
        var id = EnvironmentNames.IdOf(environment);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Locks.AnyAsync(l => l.CorrelationId == id, cancellationToken))
            return id;

        var created = EnvironmentLock.New(environment, time.GetUtcNow().UtcDateTime, Duration);
        created.Repository = repository;
        db.Locks.Add(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Created concurrently; the locked load that follows fails loudly if the row really is missing.
        }

        return id;
    }
}
