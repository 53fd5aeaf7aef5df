using System.Text.RegularExpressions;

namespace Micro.GitHub;

/// <summary>Repository and account names as GitHub allows them, checked before they become part of a URL.</summary>
public static partial class GitHubPaths
{
    public static bool IsRepository(string? repository) => repository is not null && RepositoryPattern().IsMatch(repository);

    /// <summary>The <c>owner/name</c> path segment pair, escaped; throws for anything that is not a repository name.</summary>
    public static string Repository(string repository)
    {
        var (owner, name) = OwnerAndName(repository);
        return $"{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}";
    }

    /// <summary>The owner and the name of a repository, for APIs that take them apart (Octokit's); throws for anything that is not one.</summary>
    public static (string Owner, string Name) OwnerAndName(string repository)
    {
        if (!IsRepository(repository))
            throw new ArgumentException($"'{repository}' is not a repository name of the form owner/name", nameof(repository));
        var slash = repository.IndexOf('/');
        return (repository[..slash], repository[(slash + 1)..]);
    }

    public static bool IsOrganization(string? organization) => organization is not null && OrganizationPattern().IsMatch(organization);

    /// <summary>The organization's path segment, escaped; throws for anything that is not an organization name.</summary>
    public static string Organization(string organization) =>
        IsOrganization(organization)
            ? Uri.EscapeDataString(organization)
            : throw new ArgumentException($"'{organization}' is not an organization name", nameof(organization));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")]
    private static partial Regex OrganizationPattern();
}
