using System.Text.RegularExpressions;

namespace Micro.RunnerBroker.Repositories;

/// <summary>Launcher users: the cluster accounts runners run as, so names a Slurm user (and a Unix login) can have.</summary>
public static partial class LauncherUsers
{
    public const string Rule = "a letter or _, then up to 31 letters, digits, '.', '_' or '-'; not root or the cluster's own accounts";

    /// <summary>
    /// Accounts a runner must never run as: a repository's workflows would run with the rights of the node's administrator or of
    /// the cluster's daemons (and Micro mints Slurm tokens for whichever user a repository is mapped to).
    /// </summary>
    static readonly HashSet<string> Privileged = new(StringComparer.OrdinalIgnoreCase) { "root", "slurm", "munge", "daemon", "nobody" };

    public static bool IsValid(string? user) => user is not null && Pattern().IsMatch(user) && !Privileged.Contains(user);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex Pattern();
}
