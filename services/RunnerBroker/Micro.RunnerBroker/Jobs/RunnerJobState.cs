using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// One GitHub Actions job that asked for a runner (or was ruled out): what was decided, each launch, and the job's times. Kept after
/// the job ends, as the record the API shows.
/// </summary>
public sealed class RunnerJobState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public long JobId { get; set; }

    public long RunId { get; set; }

    /// <summary><c>owner/name</c> as GitHub spells it.</summary>
    public string Repository { get; set; } = string.Empty;

    /// <summary>The repository lower-cased, for lookups: GitHub names are case-insensitive.</summary>
    public string RepositoryKey { get; set; } = string.Empty;

    public string RepositoryUrl { get; set; } = string.Empty;

    public long? InstallationId { get; set; }

    public string? JobName { get; set => field = Fit(value, RunnerJobModel.NameLength); }

    public List<string> Labels { get; set; } = [];

    public string? Partition { get; set; }

    public string? LauncherUser { get; set; }

    public string Reason { get; set => field = Fit(value, RunnerJobModel.ReasonLength) ?? string.Empty; } = string.Empty;

    /// <summary>The launcher's answer to the last launch or cancel, such as its refusal.</summary>
    public string? LauncherAnswer { get; set => field = Fit(value, RunnerJobModel.AnswerLength); }

    public string? Conclusion { get; set => field = Fit(value, RunnerJobModel.ConclusionLength); }

    public List<LaunchRecord> Launches { get; set; } = [];

    public DateTime FirstSeenAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? QueuedAt { get; set; }

    public DateTime? LaunchedAt { get; set; }

    public DateTime? TokenExchangedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>When the launcher may be called for the next launch (LaunchDue).</summary>
    public DateTime? DueAt { get; set; }

    /// <summary>How often the current launch has been tried.</summary>
    public int LaunchTries { get; set; }

    /// <summary>When the sweeper should have the saga look at its launches again (a start timeout, a relaunch).</summary>
    public DateTime? CheckAt { get; set; }

    /// <summary>Some launch waits to be cancelled at the launcher; kept beside <see cref="Launches"/> so the dispatcher can query it.</summary>
    public bool CancelsDue { get; set; }

    /// <summary>Set while a dispatcher talks to the launcher about this job, so that no other one does.</summary>
    public DateTime? CallingSince { get; set; }

    public Guid? CallId { get; set; }

    /// <summary>Records what the event adds to the job; a repeat adds nothing and leaves every field (<see cref="UpdatedAt"/> too) as it was.</summary>
    public void Observe(WorkflowJobEvent job, DateTime now)
    {
        if (FirstSeenAt == default)
        {
            JobId = job.JobId;
            RunId = job.RunId;
            Repository = job.Origin.Repository.FullName;
            RepositoryKey = Repository.ToLowerInvariant();
            RepositoryUrl = job.Origin.Repository.HtmlUrl;
            Labels = [.. job.Labels];
            FirstSeenAt = now;
            UpdatedAt = now;
        }

        var before = (InstallationId, JobName, QueuedAt, StartedAt, FinishedAt, Conclusion);
        InstallationId ??= job.Origin.InstallationId;
        JobName ??= job.JobName;
        switch (job.Action)
        {
            case WorkflowJobAction.Queued:
                QueuedAt ??= now;
                break;
            case WorkflowJobAction.InProgress:
                StartedAt ??= now;
                break;
            case WorkflowJobAction.Completed:
                FinishedAt ??= now;
                Conclusion ??= job.Conclusion;
                break;
        }

        if (before != (InstallationId, JobName, QueuedAt, StartedAt, FinishedAt, Conclusion))
            UpdatedAt = now;
    }

    public void Decided(JobDecision decision)
    {
        Reason = decision.Reason;
        if (decision is JobDecision.Launch launch)
        {
            Partition = launch.Partition;
            LauncherUser = launch.LauncherUser;
        }
    }

    /// <summary>The next launch is due now, tried afresh.</summary>
    public void LaunchNow(DateTime now, string reason)
    {
        DueAt = now;
        LaunchTries = 0;
        CheckAt = null;
        Reason = reason;
    }

    /// <summary>Cancels, at the launcher, launches that <paramref name="which"/> selects and that are not cancelled yet.</summary>
    public void Cancel(Func<LaunchRecord, bool> which, string reason)
    {
        Launches = [.. Launches.Select(launch => launch.CancelledAt is null && launch.CancelReason is null && which(launch)
            ? launch with { CancelDue = true, CancelReason = reason }
            : launch)];
        CancelsDue = Launches.Any(launch => launch.CancelDue);
    }

    public void Replace(LaunchRecord launch)
    {
        var index = Launches.FindIndex(existing => existing.Number == launch.Number);
        Launches = index < 0 ? [.. Launches, launch] : [.. Launches[..index], launch, .. Launches[(index + 1)..]];
        CancelsDue = Launches.Any(existing => existing.CancelDue);
    }

    /// <summary>The job was closed on GitHub: a runner of ours still waiting for it has nothing left to do.</summary>
    public void Closed(bool cancelledBeforeStart)
    {
        if (cancelledBeforeStart)
            Cancel(_ => true, "the job was cancelled before it started");
        else
            Cancel(launch => launch.TokenExchangedAt is null, StartedAt is not null && FinishedAt is null ? "another runner took the job" : "the job finished without it");
        DueAt = null;
        CheckAt = null;
    }

    static string? Fit(string? value, int length) => value is { } text && text.Length > length ? text[..(length - 1)] + "…" : value;
}
