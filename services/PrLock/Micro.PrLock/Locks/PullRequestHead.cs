namespace Micro.PrLock.Locks;

/// <summary>The latest head commit of a pull request, from ingestion's pull-request events: where commit statuses go.</summary>
public sealed class PullRequestHead
{
    public required string Repository { get; init; }

    public int Number { get; init; }

    public required string HeadSha { get; set; }

    public long? InstallationId { get; set; }

    public DateTime UpdatedAt { get; set; }
}
