using Microsoft.Extensions.Options;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// Decides, from what the events and GitHub's answers have shown, whether a run attempt is still running, needs nothing, is ignored by
/// policy, needs its jobs listed, or is due for a re-run; and records what each call to GitHub came to. Calls nothing: the judgement is
/// committed with the saga (<see cref="WorkflowRunAttemptStateMachine"/>), and <see cref="RerunDispatcher"/> makes the calls.
/// </summary>
public sealed partial class RerunJudge(IOptionsMonitor<RerunOptions> options, RerunMetrics metrics, ILogger<RerunJudge> logger)
{
    /// <summary>
    /// Judges the attempt after an event. A decision that needs no call (no failure, ignored, dry run) stays open to later events:
    /// a job queued after the others completed reopens the attempt, as the old re-runner's counting did.
    /// </summary>
    public void Settle(WorkflowRunAttemptState attempt, DateTime now)
    {
        if (!attempt.IsFinal)
        {
            attempt.Decision = RerunDecision.Pending;
            attempt.Failure = null;
            attempt.DueAt = null;
            attempt.Reason = $"{attempt.Jobs.Count(job => !job.Completed)} of {attempt.Jobs.Count} jobs still running";
            return;
        }

        var settings = options.CurrentValue;
        var policy = settings.For(attempt.Repository);
        var failedJobs = attempt.Jobs.Where(job => policy.CountsAsFailed(job.Conclusion)).Select(job => job.Name).ToList();
        var failed = failedJobs.Count > 0 ? StoredText.List("failed jobs: ", failedJobs, WorkflowRunAttemptModel.FailureLength) : null;
        if (failed is null && JobsUnexplained(attempt))
        {
            if (attempt.DueAt is null)
                ListJobs(attempt, now);
            return;
        }

        if (attempt.DueAt is not null && attempt.Failure is not null)
            return;
        if (attempt.Decision != RerunDecision.Pending && failed == attempt.Failure)
            return;

        attempt.FinalAt = now;
        attempt.Failure = failed;
        if (failed is null)
            Decide(attempt, RerunDecision.NoFailure, $"no job{(attempt.JobsListed ? " GitHub lists for the attempt" : "")} concluded {string.Join(" or ", policy.Conclusions)} ({Conclusions(attempt)})");
        else if (attempt.RunAttempt >= policy.MaxAttempts)
            Decide(attempt, RerunDecision.IgnoredAttemptLimit, $"{failed}; attempt {attempt.RunAttempt} reached the limit of {policy.MaxAttempts} attempts (Rerun:MaxAttempts)");
        else if (policy.Excludes(attempt.Actor))
            Decide(attempt, RerunDecision.IgnoredExcludedActor, $"{failed}; runs of {attempt.Actor} are not re-run (Rerun:ExcludedActors)");
        else if (!policy.Covers(attempt.HeadBranch))
            Decide(attempt, RerunDecision.IgnoredBranch, $"{failed}; branch {attempt.HeadBranch ?? "(none)"} matches none of {string.Join(", ", policy.Branches)} (Rerun:Branches)");
        else if (settings.DryRun)
            Decide(attempt, RerunDecision.DryRun, $"{failed}; would re-run them, but Rerun:DryRun is set");
        else
            MakeDue(attempt, now + settings.Delay, $"{failed}; re-run due");
    }

    /// <summary>
    /// The run completed other than successfully, yet no job seen failed: the events of the jobs that did may never have arrived (or
    /// the run failed for a reason no job shows). Until GitHub has listed the attempt's jobs, its conclusion alone decides nothing.
    /// </summary>
    static bool JobsUnexplained(WorkflowRunAttemptState attempt) =>
        attempt.RunCompleted && !attempt.JobsListed && attempt.RunConclusion is not ("success" or "neutral" or "skipped");

    void ListJobs(WorkflowRunAttemptState attempt, DateTime now)
    {
        attempt.FinalAt = now;
        attempt.Failure = null;
        MakeDue(attempt, now, $"the run concluded {attempt.RunConclusion ?? "without a conclusion"} but no job seen failed; asking GitHub for the attempt's jobs");
    }

    static void MakeDue(WorkflowRunAttemptState attempt, DateTime dueAt, string reason)
    {
        attempt.Decision = RerunDecision.Pending;
        attempt.DueAt = dueAt;
        attempt.GitHubAttempts = 0;
        attempt.Reason = reason;
    }

    /// <summary>Records a decision and counts it.</summary>
    public void Decide(WorkflowRunAttemptState attempt, RerunDecision decision, string reason)
    {
        attempt.Decision = decision;
        attempt.Reason = reason;
        attempt.DueAt = null;
        metrics.Decided(decision);
    }

    /// <summary>Whether one more call about the attempt is allowed (<see cref="RerunOptions.GitHubAttempts"/>).</summary>
    public bool MayAskAgain(WorkflowRunAttemptState attempt) => attempt.GitHubAttempts < options.CurrentValue.GitHubAttempts;

    /// <summary>Any answer: the call is over, and GitHub's answer is kept.</summary>
    public static void EndCall(WorkflowRunAttemptState attempt, RerunCallCompleted answer, DateTime now)
    {
        attempt.CallingSince = null;
        attempt.CallId = null;
        attempt.GitHubAnswer = answer.Answer ?? attempt.GitHubAnswer;
        attempt.UpdatedAt = now;
    }

    public void Requested(WorkflowRunAttemptState attempt, RerunCallCompleted answer, DateTime now)
    {
        DecideAfterCall(attempt, RerunDecision.RerunRequested, answer.Reason);
        attempt.RequestedAt = now;
        metrics.Requested(now - (attempt.FinalAt ?? now));
        LogRequested(logger, attempt.Repository, attempt.RunId, attempt.RunAttempt);
    }

    public void Refused(WorkflowRunAttemptState attempt, RerunCallCompleted answer)
    {
        var decision = answer.Decision ?? RerunDecision.RerunFailed;
        DecideAfterCall(attempt, decision, answer.Reason);
        LogFinal(logger, attempt.Repository, attempt.RunId, attempt.RunAttempt, decision, answer.Reason, answer.Answer);
    }

    public void Retry(WorkflowRunAttemptState attempt, RerunCallCompleted answer, DateTime now)
    {
        var wait = answer.RetryAfter ?? options.CurrentValue.RetryBackoff * Math.Pow(2, attempt.GitHubAttempts - 1);
        attempt.DueAt = now + wait;
        attempt.Reason = $"{Subject(attempt)}; {answer.Reason} ({answer.Answer}); asking again at {attempt.DueAt:O}";
        LogRetry(logger, attempt.Repository, attempt.RunId, attempt.RunAttempt, answer.Answer, wait);
    }

    public void GiveUp(WorkflowRunAttemptState attempt, RerunCallCompleted answer) =>
        DecideAfterCall(attempt, RerunDecision.RerunFailed, $"{answer.Reason}, {attempt.GitHubAttempts} times; giving up (Rerun:GitHubAttempts)");

    /// <summary>
    /// GitHub knows more jobs than the events have shown so far. Their events will reopen the attempt; should they never come, asking
    /// again a bounded number of times still ends in a decision, and past that the attempt waits for its next event.
    /// </summary>
    public void Recheck(WorkflowRunAttemptState attempt, RerunCallCompleted answer, DateTime now)
    {
        attempt.DueAt = now + options.CurrentValue.RecheckInterval;
        attempt.Reason = $"{attempt.Failure}; {answer.Reason}; waiting for its remaining jobs, checking again at {attempt.DueAt:O}";
    }

    public static void StopRechecking(WorkflowRunAttemptState attempt, RerunCallCompleted answer)
    {
        attempt.DueAt = null;
        attempt.Reason = $"{attempt.Failure}; {answer.Reason} after {attempt.GitHubAttempts} checks; waiting for the run's next event";
    }

    /// <summary>Records the final word after a call, after what failed.</summary>
    void DecideAfterCall(WorkflowRunAttemptState attempt, RerunDecision decision, string reason) =>
        Decide(attempt, decision, $"{Subject(attempt)}; {reason}");

    /// <summary>What the call was about: what failed, or, while the jobs are being listed, the run's conclusion.</summary>
    static string Subject(WorkflowRunAttemptState attempt) =>
        attempt.Failure ?? $"the run concluded {attempt.RunConclusion}; listing its jobs";

    static string Conclusions(WorkflowRunAttemptState attempt)
    {
        var counts = attempt.Jobs.GroupBy(job => job.Conclusion ?? "none").Select(group => $"{group.Key}: {group.Count()}");
        var jobs = string.Join(", ", counts);
        return attempt.RunConclusion is { } run ? (jobs.Length > 0 ? $"{jobs}; run: {run}" : $"run: {run}") : jobs;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-run of the failed jobs of {Repository} run {RunId} attempt {RunAttempt} requested")]
    static partial void LogRequested(ILogger logger, string repository, long runId, int runAttempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Repository} run {RunId} attempt {RunAttempt}: {Decision}, {Reason} (GitHub: {Answer})")]
    static partial void LogFinal(ILogger logger, string repository, long runId, int runAttempt, RerunDecision decision, string reason, string? answer);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Repository} run {RunId} attempt {RunAttempt}: GitHub answered {Answer}; asking again in {Wait}")]
    static partial void LogRetry(ILogger logger, string repository, long runId, int runAttempt, string? answer, TimeSpan wait);
}
