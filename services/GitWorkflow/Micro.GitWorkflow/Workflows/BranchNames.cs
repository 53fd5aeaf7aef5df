using System.Text;
using System.Text.RegularExpressions;

namespace Micro.GitWorkflow.Workflows;

/// <summary>The branch names the original gave its work, with four random digits where it used them.</summary>
public static partial class BranchNames
{
    static readonly string[] Protected = ["main", "master", "develop"];

    public static string HelloWorld() => $"hello-world-{Digits()}";

    /// <summary>
    /// <c>feature_branch</c> with <c>[]/ \?&lt;&gt;:|*@</c> made <c>_</c>, unless it is main, master, develop or the source branch;
    /// else <c>feature/&lt;author&gt;-NNNN</c>; else <c>feature/&lt;agent&gt;-NNNN</c>.
    /// </summary>
    public static string Feature(string? featureBranch, string? sourceBranch, string? author, string agent)
    {
        if (!string.IsNullOrWhiteSpace(featureBranch))
        {
            var cleaned = Clean(featureBranch);
            if (!Protected.Contains(cleaned, StringComparer.OrdinalIgnoreCase) && cleaned != sourceBranch)
                return cleaned;
        }

        return string.IsNullOrWhiteSpace(author) ? $"feature/{Clean(agent)}-{Digits()}" : $"feature/{Clean(author)}-{Digits()}";
    }

    /// <summary><c>issue-&lt;n&gt;-&lt;slug of the title&gt;</c>.</summary>
    public static string Issue(int number, string title)
    {
        var slug = Slug().Replace(title.ToLowerInvariant().Normalize(NormalizationForm.FormKD), "-").Trim('-');
        if (slug.Length > 40)
            slug = slug[..40].Trim('-');
        return slug.Length == 0 ? $"issue-{number}" : $"issue-{number}-{slug}";
    }

    static string Clean(string name) => Unsafe().Replace(name.Trim(), "_");

    static string Digits() => Random.Shared.Next(0, 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"[\[\]/ \\?<>:|*@]")]
    private static partial Regex Unsafe();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Slug();
}
