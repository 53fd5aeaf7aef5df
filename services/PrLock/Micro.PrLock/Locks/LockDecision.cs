namespace Micro.PrLock.Locks;

/// <summary>How a request to the lock ended, as the API and the pipeline script name it.</summary>
public enum LockOutcome
{
    Acquired,
    Resumed,
    Locked,
    Expired,
    Updated,
    Refused,
    Reset,
}

/// <summary>A change of the lock's state, kept in its history.</summary>
/// <param name="By">The pull request that asked for it; null when the service or an operator did.</param>
public sealed record LockTransition(LockStatus From, int FromHolder, LockStatus To, int ToHolder, int? By, string Reason);

/// <summary>The answer to one request, and the change it made, if any.</summary>
public sealed record LockDecision(LockOutcome Outcome, string Message, LockTransition? Transition = null)
{
    /// <summary>Whether the pipeline that asked may go on.</summary>
    public bool Proceeds => Outcome is not (LockOutcome.Locked or LockOutcome.Expired or LockOutcome.Refused);
}
