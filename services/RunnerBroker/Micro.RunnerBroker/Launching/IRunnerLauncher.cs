namespace Micro.RunnerBroker.Launching;

/// <summary>Something that starts an ephemeral runner for one queued job somewhere (a Slurm cluster, the original's launcher webhook).</summary>
public interface IRunnerLauncher
{
    /// <summary>Starts a runner; throws <see cref="RunnerLaunchException"/> when the launcher refuses or cannot be reached.</summary>
    Task<RunnerLaunched> Launch(RunnerLaunch launch, CancellationToken cancellationToken);

    /// <summary>Stops a runner launched earlier (a Slurm job that is still queued or running); nothing when it is already gone.</summary>
    Task Cancel(RunnerLaunched launched, CancellationToken cancellationToken);
}
