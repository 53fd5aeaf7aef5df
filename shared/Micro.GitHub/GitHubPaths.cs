using System.Text.RegularExpressions;

namespace Micro.GitHub;

/// <summary>Repository names as GitHub allows them, checked before they become part of a URL.</summary>
public static partial class GitHubPaths
{
    public static bool IsRepository(string? repository) => repository is not null && RepositoryPattern().IsMatch(repository);

    /// <summary>The <c>owner/name</c> path segment pair, escaped; throws for anything that is not a repository name.</summary>
    public static string Repository(string repository)
    {
        if (!IsRepository(repository))
            throw new ArgumentException($"'{repository}' is not a repository name of the form owner/name", nameof(repository));
        var (owner, name) = (repository[..repository.IndexOf('/')], repository[(repository.IndexOf('/') + 1)..]);
        return $"{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}";
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryPattern();
}
