namespace Micro.Rerun.GitHubActions;

/// <summary>The kinds of <see cref="CallOutcome"/>, as the message carries them.</summary>
public enum CallOutcomeKind
{
    Requested,
    Final,
    Retry,
    StillRunning,
    JobsListed,
}

/// <summary>
/// What a dispatcher's call to GitHub about a run attempt came to, for the attempt's saga to record. Published with
/// <see cref="CallId"/> as its message id: a redelivery, or the answer to a call whose claim lapsed, finds another call (or none)
/// under way and changes nothing.
/// </summary>
public sealed record RerunCallCompleted(
    Guid AttemptId,
    Guid CallId,
    CallOutcomeKind Kind,
    string Reason,
    string? Answer,
    RerunDecision? Decision = null,
    TimeSpan? RetryAfter = null,
    IReadOnlyList<SeenJob>? Jobs = null)
{
    public static RerunCallCompleted Of(Guid attemptId, Guid callId, CallOutcome outcome) => outcome switch
    {
        CallOutcome.Requested requested => new(attemptId, callId, CallOutcomeKind.Requested, requested.Reason, requested.Answer),
        CallOutcome.Final final => new(attemptId, callId, CallOutcomeKind.Final, final.Reason, final.Answer, Decision: final.Decision),
        CallOutcome.Retry retry => new(attemptId, callId, CallOutcomeKind.Retry, retry.Reason, retry.Answer, RetryAfter: retry.After),
        CallOutcome.StillRunning running => new(attemptId, callId, CallOutcomeKind.StillRunning, running.Reason, running.Answer),
        CallOutcome.JobsListed listed => new(attemptId, callId, CallOutcomeKind.JobsListed, listed.Reason, listed.Answer, Jobs: listed.Jobs),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "an outcome the saga does not know"),
    };
}
