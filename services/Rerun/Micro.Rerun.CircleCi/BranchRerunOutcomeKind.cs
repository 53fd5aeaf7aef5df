namespace Micro.Rerun.CircleCi;

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
    Failed,
}
