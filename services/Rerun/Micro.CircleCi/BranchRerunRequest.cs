namespace Micro.CircleCi;

/// <summary>What to re-run: the workflow <paramref name="WorkflowName"/> of the newest pipeline on the one branch of
/// <paramref name="Repository"/> (<c>owner/name</c>) whose name starts with <paramref name="BranchPrefix"/>.</summary>
/// <param name="ProjectSlug">CircleCI's project slug, e.g. <c>gh/acme/core-api</c>.</param>
/// <param name="DryRun">Go through every step but the re-run itself.</param>
/// <param name="InstallationId">The GitHub App installation to list branches with, when known (from a webhook).</param>
public sealed record BranchRerunRequest(
    string Repository,
    string BranchPrefix,
    string ProjectSlug,
    string WorkflowName,
    bool DryRun,
    long? InstallationId = null);
