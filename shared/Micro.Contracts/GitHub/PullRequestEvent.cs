namespace Micro.Contracts.GitHub;

public enum PullRequestAction
{
    Opened,
    Reopened,
    Synchronize,
    Closed,
}

/// <summary>A <c>pull_request</c> webhook; <see cref="Merged"/> tells a merge from a plain close.</summary>
public sealed record PullRequestEvent(
    GitHubEventOrigin Origin,
    PullRequestAction Action,
    int Number,
    string HeadRef,
    string HeadSha,
    string BaseRef,
    string? Author,
    bool Merged);
