namespace Micro.Contracts.Workflows;

/// <summary>A git-workflow run ended (<c>succeeded</c>, <c>failed</c> or <c>rejected</c>); published for whoever reports results.</summary>
public sealed record WorkflowRunFinished(
    Guid RunId,
    string Workflow,
    string State,
    string? Reason,
    string? PullRequestUrl,
    DateTimeOffset FinishedAt);
