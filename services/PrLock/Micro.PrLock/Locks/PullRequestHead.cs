namespace Micro.PrLock.Locks;

/// <summary>The latest head commit of a pull request, from ingestion's pull-request events: where commit statuses go.</summary>
public sealed class PullRequestHead
{
    public required string Repository { get; init; }

    public int Number { get; init; }

    public required string HeadSha { get; set; }

    public long? InstallationId { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// GitHub's <c>updated_at</c> of the newest event applied: an event about an older state of the pull request (delivered late or
    /// again) is ignored, so a stale <c>closed</c> cannot release a reopened pull request's lock nor move its head commit back.
    /// </summary>
    public DateTime? GitHubUpdatedAt { get; set; }

    /// <summary>Whether an event about the pull request as of <paramref name="updatedAt"/> is older than one already applied.</summary>
    public bool IsNewerThan(DateTimeOffset? updatedAt) => GitHubUpdatedAt is { } seen && updatedAt is { } at && at.UtcDateTime < seen;
}
