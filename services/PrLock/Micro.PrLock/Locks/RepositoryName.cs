using System.Text.RegularExpressions;

namespace Micro.PrLock.Locks;

/// <summary>A GitHub repository's full name, <c>owner/name</c>.</summary>
public static partial class RepositoryName
{
    public static bool IsValid(string repository) => Pattern().IsMatch(repository);

    /// <summary>GitHub ignores case in repository names; stored names are lower case so that every lookup matches however it was spelt.</summary>
    public static string Canonical(string repository) => repository.ToLowerInvariant();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex Pattern();
}
