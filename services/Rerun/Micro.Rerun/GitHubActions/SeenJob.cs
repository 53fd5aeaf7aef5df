using Micro.Contracts.GitHub;

namespace Micro.Rerun.GitHubActions;

/// <summary>A job of a run attempt as its events have shown it so far.</summary>
public sealed record SeenJob(long Id, string Name, WorkflowJobAction Status, string? Conclusion)
{
    public bool Completed => Status == WorkflowJobAction.Completed;

    /// <summary>A sighting, its name cut to fit: a conclusion only counts once the job has completed.</summary>
    public static SeenJob Of(long id, string name, WorkflowJobAction status, string? conclusion) =>
        new(id, StoredText.Fit(name, WorkflowRunAttemptModel.NameLength), status, status == WorkflowJobAction.Completed ? conclusion : null);

    /// <summary>
    /// The later of two sightings. Events arrive duplicated and out of order; a job only moves forward (queued, waiting, in progress,
    /// completed), so a late <c>queued</c> never reopens a completed job.
    /// </summary>
    public SeenJob Merge(SeenJob sighting) => sighting.Status > Status ? sighting with { Name = Name.Length > 0 ? Name : sighting.Name } : this;
}
