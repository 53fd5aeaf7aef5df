namespace Micro.CircleCi;

/// <summary>How a branch re-run ended; <see cref="BranchRerunOutcome.Code"/> spells each as the API and the CLI show it.</summary>
public enum BranchRerunOutcomeKind
{
    NoBranch,
    AmbiguousBranch,
    NoPipeline,
    NoWorkflow,
    AlreadyRunning,
    DryRun,
    RerunRequested,

    /// <summary>CircleCI was asked to re-run but its answer was lost (a time-out, a dropped connection), and it lists no re-run yet.</summary>
    RerunUnconfirmed,
    Failed,
}
