using Micro.Contracts.GitHub;
using Micro.Rerun.GitHubActions;

namespace Micro.Rerun.Api;

/// <summary>
/// One run attempt: what was decided and why, GitHub's last answer, and when it became final, was due and was requested. Lists
/// leave out the jobs.
/// </summary>
public sealed record RunAttemptView(
    string Repository,
    long RunId,
    int RunAttempt,
    string? Workflow,
    string? Branch,
    string? Actor,
    string State,
    RerunDecision Decision,
    string Reason,
    string? GitHubAnswer,
    string? RunConclusion,
    IReadOnlyList<JobView>? Jobs,
    DateTime FirstSeenAt,
    DateTime UpdatedAt,
    DateTime? FinalAt,
    DateTime? DueAt,
    DateTime? RequestedAt);

public sealed record RunAttemptList(IReadOnlyList<RunAttemptView> Attempts);

/// <summary>A job of an attempt: <c>status</c> as its latest event said (queued, waiting, in-progress, completed).</summary>
public sealed record JobView(long Id, string Name, WorkflowJobAction Status, string? Conclusion);

/// <summary>Every attempt Micro has seen of one workflow run, oldest first.</summary>
public sealed record WorkflowRunView(string Repository, long RunId, IReadOnlyList<RunAttemptView> Attempts);
