namespace Micro.GitWorkflow.Runs;

// Messages inside the git-workflow service, between the intake, the saga and the executor. Each names the run.

/// <summary>A run was stored; <paramref name="RejectedBecause"/> is set when its request was malformed.</summary>
public sealed record WorkflowRunSubmitted(Guid RunId, string Workflow, string? RejectedBecause);

/// <summary>The saga's go: run the workflow now.</summary>
public sealed record ExecuteWorkflowRun(Guid RunId);

/// <summary>The executor took the run up.</summary>
public sealed record WorkflowRunStarted(Guid RunId, DateTime At);

/// <summary>The executor is done: succeeded, or failed at <paramref name="FailedStep"/> for <paramref name="Reason"/>.</summary>
public sealed record WorkflowRunEnded(Guid RunId, bool Succeeded, string? FailedStep, string? Reason, string? PullRequestUrl, DateTime At);
