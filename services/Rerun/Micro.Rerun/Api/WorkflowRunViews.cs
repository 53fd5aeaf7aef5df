using Micro.Contracts.GitHub;
using Micro.Rerun.GitHubActions;

namespace Micro.Rerun.Api;

/// <summary>One run attempt in a list: what was decided and why.</summary>
public sealed record RunAttemptSummary(
    string Repository,
    long RunId,
    int RunAttempt,
    string? Workflow,
    string? Branch,
    string? Actor,
    string State,
    RerunDecision Decision,
    string Reason,
    DateTime FirstSeenAt,
    DateTime UpdatedAt);

public sealed record RunAttemptList(IReadOnlyList<RunAttemptSummary> Attempts);

/// <summary>A job of an attempt: <c>status</c> as its latest event said (queued, waiting, in-progress, completed).</summary>
public sealed record JobView(long Id, string Name, WorkflowJobAction Status, string? Conclusion);

public sealed record RunAttemptDetail(
    int RunAttempt,
    string? Workflow,
    string? Branch,
    string? Actor,
    string State,
    RerunDecision Decision,
    string Reason,
    string? GitHubAnswer,
    IReadOnlyList<JobView> Jobs,
    string? RunConclusion,
    DateTime FirstSeenAt,
    DateTime UpdatedAt,
    DateTime? FinalAt,
    DateTime? DueAt,
    DateTime? RequestedAt);

/// <summary>Every attempt Micro has seen of one workflow run, oldest first.</summary>
public sealed record WorkflowRunView(string Repository, long RunId, IReadOnlyList<RunAttemptDetail> Attempts);
