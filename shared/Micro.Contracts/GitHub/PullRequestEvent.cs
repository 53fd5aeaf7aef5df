namespace Micro.Contracts.GitHub;

public enum PullRequestAction
{
    Opened,
    Reopened,
    Synchronize,
    Closed,
}

/// <summary>A <c>pull_request</c> webhook; <see cref="Merged"/> tells a merge from a plain close.</summary>
/// <param name="UpdatedAt">
/// GitHub's <c>pull_request.updated_at</c>: the pull request as of that moment, so that a subscriber can tell an event delivered late or
/// again from a newer one. Null in messages published before it was added, or when the payload has none.
/// </param>
public sealed record PullRequestEvent(
    GitHubEventOrigin Origin,
    PullRequestAction Action,
    int Number,
    string HeadRef,
    string HeadSha,
    string BaseRef,
    string? Author,
    bool Merged,
    DateTimeOffset? UpdatedAt = null);
