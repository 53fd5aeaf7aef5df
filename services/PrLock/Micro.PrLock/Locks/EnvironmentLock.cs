using System.Globalization;
using MassTransit;

namespace Micro.PrLock.Locks;

/// <summary>
/// One shared environment's lock: the old tool's three values (Status, PullRequestNumber, ExpireDate) and its decisions. Callers hold
/// the row lock (<see cref="LockLedger"/>) while they decide, so each decision sees the effect of the one before. It is an
/// <see cref="ISaga"/> only so that the saga repository's row lock (<c>SagaRowLock</c>) loads it.
/// </summary>
public sealed class EnvironmentLock : ISaga
{
    /// <summary><see cref="EnvironmentNames.IdOf"/> of <see cref="Name"/>.</summary>
    public Guid CorrelationId { get; set; }

    public required string Name { get; init; }

    public LockStatus Status { get; private set; } = LockStatus.Aborted;

    /// <summary>The holder; 0 when nobody has held it or after a reset.</summary>
    public int PullRequestNumber { get; private set; }

    public DateTime ExpireDate { get; private set; }

    /// <summary>
    /// When the lock was handed to its holder from the queue, until the holder's pipeline takes it up (acquire answered
    /// <c>resumed</c>, or a transition); null otherwise. A hand-over not taken up in time passes on (<see cref="PassOnUntaken"/>).
    /// </summary>
    public DateTime? HandedOverAt { get; private set; }

    /// <summary>The repository whose pull requests use the environment, when known: commit statuses and closed pull requests need it.</summary>
    public string? Repository { get; set; }

    public bool IsLocked => Status is LockStatus.Started or LockStatus.MasterApplied;

    /// <summary>Strictly before now, as the old tool compared.</summary>
    public bool IsExpired(DateTime now) => ExpireDate < now;

    public static EnvironmentLock New(string name, DateTime now, TimeSpan duration) =>
        new() { CorrelationId = EnvironmentNames.IdOf(name), Name = EnvironmentNames.Canonical(name), ExpireDate = now + duration };

    /// <summary>The old tool's acquire table, row by row.</summary>
    public LockDecision Acquire(int pullRequest, DateTime now, TimeSpan duration)
    {
        if (ExpireFor(pullRequest, now, duration) is { } expired)
            return expired;

        if (!IsLocked)
        {
            var transition = Write(LockStatus.Started, pullRequest, now + duration, pullRequest, "acquire");
            return new LockDecision(LockOutcome.Acquired, $"Lock of {Name} acquired by PullRequest: {pullRequest}, Current Status: Started", transition);
        }

        if (PullRequestNumber != pullRequest)
            return new LockDecision(LockOutcome.Locked, $"Locked by PullRequest: {PullRequestNumber}, Current Status: {Status}");
        HandedOverAt = null;
        return new LockDecision(LockOutcome.Resumed, $"Skip update State. PullRequest: {pullRequest} holds {Name}, Current Status: {Status}");
    }

    /// <summary>
    /// A holder's report of its pipeline's progress; anything else is refused with the current state. An expired lock in flight is
    /// expired first, as acquire does: the pipeline outlived its lock and must not go on as if it still held it.
    /// </summary>
    public LockDecision Apply(LockCommand command, int pullRequest, DateTime now, TimeSpan duration)
    {
        if (ExpireFor(pullRequest, now, duration) is { } expired)
            return expired;
        if (!IsLocked)
            return Refused(command, $"{Name} is not locked, Current Status: {Status}, PullRequest: {PullRequestNumber}");
        if (PullRequestNumber != pullRequest)
            return Refused(command, $"Locked by PullRequest: {PullRequestNumber}, Current Status: {Status}");

        var transition = Write(command.Target(), pullRequest, now + duration, pullRequest, command.PathOf());
        return new LockDecision(LockOutcome.Updated, $"PullRequest: {pullRequest} set {Name} to {Status}", transition);
    }

    /// <summary>The old tool's expired row: a request on an expired lock in flight fails, and the lock is written Aborted for the asker.</summary>
    LockDecision? ExpireFor(int pullRequest, DateTime now, TimeSpan duration)
    {
        if (!IsLocked || !IsExpired(now))
            return null;
        var expiredOn = ExpireDate;
        var transition = Write(LockStatus.Aborted, pullRequest, now + duration, pullRequest, "expired");
        return new LockDecision(LockOutcome.Expired,
            $"Lock of {Name} expired on {Format(expiredOn)} while {transition.From} by PullRequest: {transition.FromHolder}; " +
            "Status set to Aborted. Run the pipeline again to acquire it.", transition);
    }

    /// <summary>The documented error recovery: nobody holds the environment any more.</summary>
    public LockDecision Reset()
    {
        var transition = Write(LockStatus.Aborted, 0, ExpireDate, null, "reset");
        return new LockDecision(LockOutcome.Reset, $"{Name} reset, Current Status: Aborted, PullRequest: 0", transition);
    }

    /// <summary>The sweeper's release of a lock whose holder let it expire while others wait.</summary>
    public LockDecision? ExpireInFlight(DateTime now, TimeSpan duration) =>
        IsLocked && IsExpired(now)
            ? new LockDecision(LockOutcome.Expired, $"Lock of {Name} expired", Write(LockStatus.Aborted, PullRequestNumber, now + duration, null, "expired"))
            : null;

    /// <summary>The holder's pull request was closed: its pipeline will not come back to release the lock.</summary>
    public LockDecision? ReleaseClosed(int pullRequest, bool merged, DateTime now, TimeSpan duration)
    {
        if (!IsLocked || PullRequestNumber != pullRequest)
            return null;
        var reason = merged ? "pull request merged" : "pull request closed";
        var transition = Write(merged ? LockStatus.Completed : LockStatus.Aborted, pullRequest, now + duration, null, reason);
        return new LockDecision(LockOutcome.Updated, $"Lock of {Name} released: {reason}", transition);
    }

    /// <summary>Hands a released lock to the first pull request of the queue, as if its pipeline had acquired it.</summary>
    public LockTransition GrantToNext(int pullRequest, DateTime now, TimeSpan duration)
    {
        var transition = Write(LockStatus.Started, pullRequest, now + duration, null, "next in queue");
        HandedOverAt = now;
        return transition;
    }

    /// <summary>
    /// The sweeper's release of a hand-over whose pipeline has not come for it within <paramref name="timeout"/>: nobody else
    /// should wait days for a pull request that may never run again.
    /// </summary>
    public LockDecision? PassOnUntaken(DateTime now, TimeSpan timeout, TimeSpan duration) =>
        Status == LockStatus.Started && HandedOverAt is { } handedOver && handedOver + timeout < now
            ? new LockDecision(LockOutcome.Expired, $"Lock of {Name} passed on: PullRequest {PullRequestNumber} did not take it up",
                Write(LockStatus.Aborted, PullRequestNumber, now + duration, null, GrantNotTakenUp))
            : null;

    /// <summary>The history's reason for <see cref="PassOnUntaken"/>.</summary>
    public const string GrantNotTakenUp = "grant not taken up";

    LockTransition Write(LockStatus status, int holder, DateTime expireDate, int? by, string reason)
    {
        var transition = new LockTransition(Status, PullRequestNumber, status, holder, by, reason);
        Status = status;
        PullRequestNumber = holder;
        ExpireDate = expireDate;
        HandedOverAt = null;
        return transition;
    }

    LockDecision Refused(LockCommand command, string state) =>
        new(LockOutcome.Refused, $"Cannot {command.PathOf()} {Name}: {state}");

    static string Format(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
