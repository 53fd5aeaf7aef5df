using System.Text.RegularExpressions;

namespace Micro.EndToEnd.Tests.Kubernetes;

static partial class ManifestText
{
    /// <summary>Kubernetes' dependent environment variables: <c>$(NAME)</c> in a value is replaced by an earlier variable's value.</summary>
    public static Regex References { get; } = ReferencePattern();

    /// <summary>A name that says it holds something secret.</summary>
    public static bool LooksSecret(string key) => SecretPattern().IsMatch(key);

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("token|secret|password|passwd|privatekey|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPattern();
}
