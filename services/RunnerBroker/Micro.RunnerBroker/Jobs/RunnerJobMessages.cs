namespace Micro.RunnerBroker.Jobs;

/// <summary>What one launch attempt came to.</summary>
public enum LaunchOutcomeKind
{
    Launched,
    Retry,
    Refused,
}

public sealed record LaunchOutcome(LaunchOutcomeKind Kind, string Answer, string? Launcher = null, string? ExternalId = null, Guid? TokenId = null, int Number = 0);

/// <summary>What cancelling one launch at the launcher came to.</summary>
public sealed record CancelOutcome(int Number, bool Done, string Answer);

/// <summary>
/// The outcome of a dispatcher's call to the launcher about a job (its due cancels, then its due launch), for the job's saga to
/// record. Published with <see cref="CallId"/> as its message id: a repeat, or the answer of a call whose claim lapsed, changes nothing.
/// </summary>
public sealed record RunnerCallCompleted(Guid JobKey, Guid CallId, IReadOnlyList<CancelOutcome> Cancels, LaunchOutcome? Launch);

/// <summary>A launch's token was traded for a runner token: its runner is up on the cluster.</summary>
public sealed record LauncherTokenExchanged(Guid JobKey, Guid TokenId, DateTime ExchangedAt);

/// <summary>A job waiting for its runner has reached a time to look at again (a start timeout, a relaunch), sent by the sweeper.</summary>
public sealed record RunnerJobDue(Guid JobKey);
