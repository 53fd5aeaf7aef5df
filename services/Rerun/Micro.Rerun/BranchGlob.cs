using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Micro.Rerun;

/// <summary>
/// Branch patterns as GitHub's workflow filters read them, for <c>Rerun:Branches</c> and the CircleCI rules alike: <c>*</c> stays
/// within a path segment (<c>hotfix/*</c>), <c>**</c> crosses them, <c>?</c> is one character.
/// </summary>
public static class BranchGlob
{
    static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    public static bool Matches(string pattern, string branch) => Compiled.GetOrAdd(pattern, Compile).IsMatch(branch);

    static Regex Compile(string pattern)
    {
        var regex = Regex.Escape(pattern).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{regex}$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
