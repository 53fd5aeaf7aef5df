namespace Micro.Rerun.CircleCi;

/// <summary>
/// "When a pull request from <see cref="HeadBranch"/> is merged into <see cref="BaseBranch"/> in <see cref="Repository"/>, re-run
/// <see cref="WorkflowName"/> on the branch starting with <see cref="BranchPrefix"/>": the automation the old tool's README describes.
/// </summary>
public sealed class CircleCiRerunRule
{
    /// <summary><c>owner/name</c> of the repository whose pull requests trigger the rule, and whose branches are searched.</summary>
    public string Repository { get; set; } = string.Empty;

    /// <summary>Glob over the pull request's head branch (<see cref="BranchGlob"/>).</summary>
    public string HeadBranch { get; set; } = "**";

    /// <summary>Glob over the branch the pull request was merged into.</summary>
    public string BaseBranch { get; set; } = "**";

    public string BranchPrefix { get; set; } = string.Empty;

    public string ProjectSlug { get; set; } = string.Empty;

    public string WorkflowName { get; set; } = string.Empty;

    public bool DryRun { get; set; }

    public bool Matches(string repository, string headRef, string baseRef) =>
        string.Equals(repository, Repository, StringComparison.OrdinalIgnoreCase)
        && BranchGlob.Matches(HeadBranch, headRef)
        && BranchGlob.Matches(BaseBranch, baseRef);
}
