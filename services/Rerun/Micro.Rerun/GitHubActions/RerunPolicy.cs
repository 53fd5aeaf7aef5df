namespace Micro.Rerun.GitHubActions;

/// <summary>What decides whether one repository's failed run attempt is re-run.</summary>
public sealed record RerunPolicy(int MaxAttempts, IReadOnlyList<string> ExcludedActors, IReadOnlyList<string> Branches, IReadOnlyList<string> Conclusions)
{
    public bool CountsAsFailed(string? conclusion) => conclusion is not null && Conclusions.Contains(conclusion, StringComparer.OrdinalIgnoreCase);

    public bool Excludes(string? actor) => actor is not null && ExcludedActors.Contains(actor, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every branch when none is configured; otherwise the branch must match one pattern.</summary>
    public bool Covers(string? branch) =>
        Branches.Count == 0 || (branch is not null && Branches.Any(pattern => BranchGlob.Matches(pattern, branch)));
}
