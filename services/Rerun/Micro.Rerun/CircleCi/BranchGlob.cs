using System.Text.RegularExpressions;

namespace Micro.Rerun.CircleCi;

/// <summary>Branch patterns such as <c>hotfix/*</c>: <c>*</c> matches any characters, slashes included; <c>?</c> one character.</summary>
public static class BranchGlob
{
    public static bool Matches(string pattern, string branch) =>
        Regex.IsMatch(branch, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
