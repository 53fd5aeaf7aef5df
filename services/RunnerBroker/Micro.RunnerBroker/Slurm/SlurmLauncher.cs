using System.Globalization;
using Micro.RunnerBroker.Launching;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Slurm;

/// <summary>
/// Launches each runner as a Slurm batch job of the repository's mapped user, through slurmrestd. The job learns the launcher token
/// and where to trade it from its environment; the script (<see cref="SlurmBatchScript"/>) does the rest on the node.
/// </summary>
public sealed partial class SlurmLauncher(SlurmApi slurm, IOptions<SlurmOptions> options, ILogger<SlurmLauncher> logger) : IRunnerLauncher
{
    public const string Name = "slurm";

    public async Task<RunnerLaunched> Launch(RunnerLaunch launch, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var environment = new Dictionary<string, string>(settings.Environment)
        {
            ["MICRO_LAUNCHER_TOKEN"] = launch.LauncherToken,
            ["MICRO_TOKEN_URL"] = launch.TokenUrl.ToString(),
            ["MICRO_JOB_ID"] = launch.JobId.ToString(CultureInfo.InvariantCulture),
            ["RUNNER_URL"] = launch.RepositoryUrl.ToString(),
            ["RUNNER_LABELS"] = string.Join(',', launch.Labels),
        };
        var job = new SlurmJobProperties(
            Name: $"micro-gha-{launch.JobId}",
            launch.Partition,
            settings.WorkingDirectory,
            settings.OutputPath,
            environment);
        var jobId = await slurm.Submit(launch.LauncherUser, new SlurmJobSubmission(job, SlurmBatchScript.For(settings.RunnerCommand, settings.IdleTimeout)),
            $"submitting the runner of job {launch.JobId} to partition '{launch.Partition}'", cancellationToken);
        LogSubmitted(launch.JobId, launch.Repository, jobId, launch.Partition, launch.LauncherUser);
        return new RunnerLaunched(Name, jobId.ToString(CultureInfo.InvariantCulture));
    }

    public async Task Cancel(RunnerLaunched launched, CancellationToken cancellationToken)
    {
        if (!long.TryParse(launched.ExternalId, NumberStyles.None, CultureInfo.InvariantCulture, out var jobId))
            throw new RunnerLaunchException($"'{launched.ExternalId}' is not a Slurm job id", transient: false);

        var settings = options.Value;
        var job = await slurm.Find(settings.UserName!, jobId, cancellationToken);
        if (job is null || !IsWaitingOrRunning(job.JobState))
        {
            LogAlreadyEnded(jobId, job?.JobState ?? "unknown to Slurm");
            return;
        }
        // With the cluster's key Micro can act as the job's owner, who may always cancel it; a fixed token acts as UserName.
        var user = settings.JwtKeyFile is { Length: > 0 } && job.UserName is { Length: > 0 } owner ? owner : settings.UserName!;
        if (await slurm.Cancel(user, jobId, cancellationToken))
            LogCancelled(jobId, user);
        else
            LogAlreadyEnded(jobId, "unknown to Slurm");
    }

    // Slurm's states of a job that holds or waits for a node; the others (COMPLETED, CANCELLED, FAILED, TIMEOUT, ...) are final.
    static bool IsWaitingOrRunning(string state) =>
        state is "PENDING" or "RUNNING" or "SUSPENDED" or "CONFIGURING" or "COMPLETING" or "REQUEUED" or "REQUEUE_HOLD" or "REQUEUE_FED" or "RESIZING"
            or "SIGNALING" or "STAGE_OUT" or "STOPPED";

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitted Slurm job {SlurmJobId} for job {JobId} of {Repository} to partition {Partition} as {User}")]
    partial void LogSubmitted(long jobId, string repository, long slurmJobId, string partition, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled Slurm job {SlurmJobId} as {User}")]
    partial void LogCancelled(long slurmJobId, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slurm job {SlurmJobId} has nothing to cancel: it is {State}")]
    partial void LogAlreadyEnded(long slurmJobId, string state);
}
