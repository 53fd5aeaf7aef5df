namespace Micro.Rerun.CircleCi;

// Messages inside the rerun service, between its API, rules, saga and workers. Each names the saga by WorkflowKey.

/// <summary>A request row was stored and waits for its turn.</summary>
public sealed record CircleCiRerunRequested(Guid WorkflowKey, Guid RequestId, string ProjectSlug, string WorkflowName);

/// <summary>The saga's turn to a request: perform the procedure now.</summary>
public sealed record RunCircleCiRerun(Guid WorkflowKey, Guid RequestId);

/// <summary>The procedure of a request ended; <paramref name="RerunWorkflowId"/> is set when it asked CircleCI for a re-run.</summary>
public sealed record CircleCiRerunFinished(Guid WorkflowKey, Guid RequestId, string? PipelineId, string? RerunWorkflowId);

/// <summary>These requests join the re-run already requested by <paramref name="IntoRequestId"/>.</summary>
public sealed record CoalesceCircleCiReruns(Guid WorkflowKey, IReadOnlyList<Guid> RequestIds, Guid IntoRequestId, string RerunWorkflowId);

/// <summary>The re-run the saga holds in flight has shown up and finished, or was waited for long enough.</summary>
public sealed record CircleCiRerunSettled(Guid WorkflowKey, string Reason);
