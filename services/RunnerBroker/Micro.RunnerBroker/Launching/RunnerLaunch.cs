namespace Micro.RunnerBroker.Launching;

/// <summary>
/// What a launcher needs to start a runner for one job: where to fetch the registration token (<see cref="TokenUrl"/>, with the
/// single-use <see cref="LauncherToken"/>), which repository and labels the runner registers with, and who runs it on the cluster.
/// </summary>
public sealed record RunnerLaunch(
    long JobId,
    string Repository,
    Uri RepositoryUrl,
    IReadOnlyList<string> Labels,
    string Partition,
    string LauncherUser,
    string LauncherToken,
    Uri TokenUrl);

/// <summary>A runner the launcher accepted; <see cref="ExternalId"/> is its id there (the Slurm job id), when it has one.</summary>
public sealed record RunnerLaunched(string Launcher, string? ExternalId);

/// <summary>The launcher refused or could not be reached; <see cref="Transient"/> says whether trying again later may help.</summary>
public sealed class RunnerLaunchException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}
