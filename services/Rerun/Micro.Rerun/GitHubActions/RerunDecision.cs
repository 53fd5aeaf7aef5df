namespace Micro.Rerun.GitHubActions;

/// <summary>What became of one run attempt. Shown kebab-case in the API (<c>rerun-requested</c>).</summary>
public enum RerunDecision
{
    /// <summary>Jobs are still running, or the re-run is due but not yet requested.</summary>
    Pending,

    /// <summary>The attempt is final and no job concluded as a failure.</summary>
    NoFailure,

    /// <summary>GitHub accepted <c>rerun-failed-jobs</c>.</summary>
    RerunRequested,

    /// <summary>GitHub refused the re-run, or could not be asked; its answer is kept.</summary>
    RerunFailed,

    IgnoredAttemptLimit,

    IgnoredExcludedActor,

    IgnoredBranch,

    /// <summary><c>Rerun:DryRun</c>: a re-run would have been requested.</summary>
    DryRun,

    /// <summary>A newer attempt of the run already exists (someone re-ran it first), so re-running this one would be wrong.</summary>
    Superseded,
}
