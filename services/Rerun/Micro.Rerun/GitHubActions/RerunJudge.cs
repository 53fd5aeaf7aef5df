using Microsoft.Extensions.Options;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// Decides, from what the events have shown, whether a run attempt is still running, needs nothing, is ignored by policy, or is due
/// for a re-run. Calls nothing: the judgement is committed with the saga, and <see cref="RerunDispatcher"/> makes the call.
/// </summary>
public sealed class RerunJudge(IOptionsMonitor<RerunOptions> options, RerunMetrics metrics)
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

        if (attempt.DueAt is not null)
            return;

        var settings = options.CurrentValue;
        var policy = settings.For(attempt.Repository);
        var failedJobs = attempt.Jobs.Where(job => policy.CountsAsFailed(job.Conclusion)).Select(job => job.Name).ToList();
        // The run's conclusion speaks for jobs whose events never arrived; when every job was seen to the end, the jobs say it all
        // (a run with a timed-out job concludes "failure", which must not override Rerun:Conclusions).
        var jobsSeenToTheEnd = attempt.Jobs.Count > 0 && attempt.Jobs.All(job => job.Completed);
        var failed = failedJobs.Count > 0 ? $"failed jobs: {string.Join(", ", failedJobs)}"
            : !jobsSeenToTheEnd && policy.CountsAsFailed(attempt.RunConclusion) ? $"the run concluded {attempt.RunConclusion}"
            : null;
        if (attempt.Decision != RerunDecision.Pending && failed == attempt.Failure)
            return;

        attempt.FinalAt = now;
        attempt.Failure = failed;
        if (failed is null)
            Decide(attempt, RerunDecision.NoFailure, $"no job concluded {string.Join(" or ", policy.Conclusions)} ({Conclusions(attempt)})");
        else if (attempt.RunAttempt >= policy.MaxAttempts)
            Decide(attempt, RerunDecision.IgnoredAttemptLimit, $"{failed}; attempt {attempt.RunAttempt} reached the limit of {policy.MaxAttempts} attempts (Rerun:MaxAttempts)");
        else if (policy.Excludes(attempt.Actor))
            Decide(attempt, RerunDecision.IgnoredExcludedActor, $"{failed}; runs of {attempt.Actor} are not re-run (Rerun:ExcludedActors)");
        else if (!policy.Covers(attempt.HeadBranch))
            Decide(attempt, RerunDecision.IgnoredBranch, $"{failed}; branch {attempt.HeadBranch ?? "(none)"} matches none of {string.Join(", ", policy.Branches)} (Rerun:Branches)");
        else if (settings.DryRun)
            Decide(attempt, RerunDecision.DryRun, $"{failed}; would re-run them, but Rerun:DryRun is set");
        else
        {
            attempt.Decision = RerunDecision.Pending;
            attempt.DueAt = now + settings.Delay;
            attempt.GitHubAttempts = 0;
            attempt.Reason = $"{failed}; re-run due";
        }
    }

    /// <summary>Records a decision and counts it.</summary>
    public void Decide(WorkflowRunAttemptState attempt, RerunDecision decision, string reason)
    {
        attempt.Decision = decision;
        attempt.Reason = reason;
        attempt.DueAt = null;
        metrics.Decided(decision);
    }

    static string Conclusions(WorkflowRunAttemptState attempt)
    {
        var counts = attempt.Jobs.GroupBy(job => job.Conclusion ?? "none").Select(group => $"{group.Key}: {group.Count()}");
        var jobs = string.Join(", ", counts);
        return attempt.RunConclusion is { } run ? (jobs.Length > 0 ? $"{jobs}; run: {run}" : $"run: {run}") : jobs;
    }
}
