using System.Text.RegularExpressions;

namespace Micro.RunnerBroker.Repositories;

/// <summary>Launcher users: the cluster accounts runners run as, so names a Slurm user (and a Unix login) can have.</summary>
public static partial class LauncherUsers
{
    public const string Rule = "a letter or _, then up to 31 letters, digits, '.', '_' or '-'";

    public static bool IsValid(string? user) => user is not null && Pattern().IsMatch(user);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex Pattern();
}
