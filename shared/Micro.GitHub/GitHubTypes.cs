namespace Micro.GitHub;

/// <summary>A repository (<c>owner/name</c>) and, when known from a webhook, the App installation that reaches it.</summary>
public sealed record GitHubTarget(string Repository, long? InstallationId = null);

/// <summary>A workflow run as <c>GET /repos/{owner}/{repo}/actions/runs/{run_id}</c> describes it.</summary>
public sealed record GitHubWorkflowRun(long Id, int RunAttempt, string Status, string? Conclusion, string? HeadBranch);

/// <summary>
/// A job of a workflow run attempt as <c>GET .../actions/runs/{run_id}/attempts/{attempt_number}/jobs</c> lists it: <see cref="Status"/>
/// is <c>queued</c>, <c>in_progress</c>, <c>completed</c>, <c>waiting</c>, <c>requested</c> or <c>pending</c>.
/// </summary>
public sealed record GitHubWorkflowJob(long Id, string Name, string Status, string? Conclusion);

/// <summary>A commit status: <see cref="State"/> is <c>pending</c>, <c>success</c>, <c>failure</c> or <c>error</c>.</summary>
public sealed record CommitStatus(string State, string Context, string Description, string? TargetUrl = null);
