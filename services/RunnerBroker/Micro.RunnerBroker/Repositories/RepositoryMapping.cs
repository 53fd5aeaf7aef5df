namespace Micro.RunnerBroker.Repositories;

/// <summary>A repository whose self-hosted jobs get runners, and the launcher user they run as on the cluster.</summary>
public sealed class RepositoryMapping
{
    /// <summary>The repository lower-cased: GitHub names are case-insensitive.</summary>
    public string RepositoryKey { get; set; } = string.Empty;

    /// <summary><c>owner/name</c> as it was mapped.</summary>
    public string Repository { get; set; } = string.Empty;

    public string User { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public static RepositoryMapping Of(string repository, string user, DateTime now) =>
        new() { RepositoryKey = repository.ToLowerInvariant(), Repository = repository, User = user, UpdatedAt = now };
}
