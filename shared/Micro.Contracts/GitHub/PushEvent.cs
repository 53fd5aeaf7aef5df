namespace Micro.Contracts.GitHub;

/// <summary>A <c>push</c> webhook. <see cref="Created"/>/<see cref="Deleted"/> mark a ref that appeared or went away.</summary>
public sealed record PushEvent(
    GitHubEventOrigin Origin,
    string Ref,
    string Before,
    string After,
    bool Created,
    bool Deleted);
