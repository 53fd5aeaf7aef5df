using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// One attempt of a GitHub Actions workflow run: the jobs its events have shown, and what Micro decided about re-running it.
/// Kept after the decision, as the record the API shows.
/// </summary>
public sealed class WorkflowRunAttemptState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    /// <summary><c>owner/name</c> as GitHub spells it.</summary>
    public string Repository { get; set; } = string.Empty;

    /// <summary>The repository lower-cased: GitHub treats names case-insensitively, and so do lookups.</summary>
    public string RepositoryKey { get; set; } = string.Empty;

    public long RunId { get; set; }

    public int RunAttempt { get; set; }

    public long? InstallationId { get; set; }

    public string? WorkflowName { get; set => field = StoredText.Fit(value, WorkflowRunAttemptModel.NameLength); }

    public string? HeadBranch { get; set => field = StoredText.Fit(value, WorkflowRunAttemptModel.NameLength); }

    /// <summary>Who triggered the attempt: the sender of its events.</summary>
    public string? Actor { get; set => field = StoredText.Fit(value, WorkflowRunAttemptModel.ActorLength); }

    public List<SeenJob> Jobs { get; set; } = [];

    /// <summary>Set by a <c>workflow_run</c> <c>completed</c> event.</summary>
    public bool RunCompleted { get; set; }

    public string? RunConclusion { get; set => field = StoredText.Fit(value, WorkflowRunAttemptModel.ConclusionLength); }

    /// <summary>GitHub's list of the attempt's jobs has been merged into <see cref="Jobs"/>: they now say all that failed.</summary>
    public bool JobsListed { get; set; }

    /// <summary>What failed, once the attempt is final: its failed jobs, as many names as fit and the count of the rest.</summary>
    public string? Failure { get; set; }

    public RerunDecision Decision { get; set; }

    public string Reason { get; set => field = StoredText.Fit(value, WorkflowRunAttemptModel.ReasonLength); } = string.Empty;

    /// <summary>GitHub's answer to the last call about this attempt, such as <c>201</c> or <c>404 Not Found</c>.</summary>
    public string? GitHubAnswer { get; set => field = StoredText.Fit(value, WorkflowRunAttemptModel.AnswerLength); }

    public DateTime FirstSeenAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>When the attempt was last seen to be final (every job completed, or the run completed).</summary>
    public DateTime? FinalAt { get; set; }

    /// <summary>When GitHub may be called about the attempt; set while in the RerunDue or JobListDue state.</summary>
    public DateTime? DueAt { get; set; }

    /// <summary>Set while a dispatcher is talking to GitHub about this attempt, so that no other one does.</summary>
    public DateTime? CallingSince { get; set; }

    /// <summary>The call under way (<see cref="CallingSince"/>): only its answer is recorded, not a late one of a call given up on.</summary>
    public Guid? CallId { get; set; }

    /// <summary>How often a dispatcher has taken this attempt up with GitHub since it became due.</summary>
    public int GitHubAttempts { get; set; }

    public DateTime? RequestedAt { get; set; }

    /// <summary>Every job seen has completed, or GitHub said the whole run has.</summary>
    public bool IsFinal => RunCompleted || (Jobs.Count > 0 && Jobs.All(job => job.Completed));

    public void Observe(WorkflowJobEvent job, DateTime now)
    {
        var changed = Identify(job.Origin, job.RunId, job.RunAttempt, job.WorkflowName, job.HeadBranch, now);
        if (Sight(SeenJob.Of(job.JobId, job.JobName, job.Action, job.Conclusion)) || changed)
            UpdatedAt = now;
    }

    /// <summary>Merges GitHub's list of the attempt's jobs: from now on they, not the run's conclusion, say what failed.</summary>
    public void Observe(IReadOnlyList<SeenJob> listed, DateTime now)
    {
        foreach (var job in listed)
            Sight(job);
        JobsListed = true;
        UpdatedAt = now;
    }

    /// <summary>Records a sighting; answers whether it showed anything new.</summary>
    bool Sight(SeenJob sighting)
    {
        var index = Jobs.FindIndex(seen => seen.Id == sighting.Id);
        var merged = index < 0 ? sighting : Jobs[index].Merge(sighting);
        if (index >= 0 && merged == Jobs[index])
            return false;

        // A new list, not an edit in place: EF Core sees the change by comparing the stored list with this one.
        Jobs = index < 0 ? [.. Jobs, merged] : [.. Jobs[..index], merged, .. Jobs[(index + 1)..]];
        return true;
    }

    public void Observe(WorkflowRunEvent run, DateTime now)
    {
        var changed = Identify(run.Origin, run.RunId, run.RunAttempt, run.WorkflowName, run.HeadBranch, now);
        if (run.Action == WorkflowRunAction.Completed)
        {
            var before = (RunCompleted, RunConclusion);
            RunCompleted = true;
            RunConclusion = run.Conclusion;
            changed |= before != (RunCompleted, RunConclusion);
        }

        if (changed)
            UpdatedAt = now;
    }

    /// <summary>Fills in what the attempt's events say about it; answers whether anything was new.</summary>
    bool Identify(GitHubEventOrigin origin, long runId, int runAttempt, string? workflowName, string? headBranch, DateTime now)
    {
        var before = (InstallationId, Actor, WorkflowName, HeadBranch);
        var firstSeen = FirstSeenAt == default;
        if (firstSeen)
        {
            Repository = origin.Repository.FullName;
            RepositoryKey = Repository.ToLowerInvariant();
            RunId = runId;
            RunAttempt = runAttempt;
            FirstSeenAt = now;
        }

        InstallationId ??= origin.InstallationId;
        Actor ??= origin.SenderLogin;
        WorkflowName ??= workflowName;
        HeadBranch ??= headBranch;
        return firstSeen || before != (InstallationId, Actor, WorkflowName, HeadBranch);
    }
}
