using System.Text.RegularExpressions;

namespace Micro.CircleCi;

/// <summary>The result of <see cref="BranchWorkflowRerun"/>, with what each step found so far.</summary>
/// <param name="BranchCount">How many branches matched the prefix, once GitHub has answered.</param>
/// <param name="Workflow">The workflow found by name (the one re-run, for <see cref="BranchRerunOutcomeKind.RerunRequested"/>).</param>
/// <param name="RerunWorkflowId">The id of the workflow CircleCI created for the re-run.</param>
/// <param name="Error">What went wrong, with the status and message of the API that answered.</param>
public sealed partial record BranchRerunOutcome(
    BranchRerunOutcomeKind Kind,
    int? BranchCount = null,
    string? Branch = null,
    CircleCiPipeline? Pipeline = null,
    CircleCiWorkflow? Workflow = null,
    string? RerunWorkflowId = null,
    string? Error = null)
{
    /// <summary><c>no-branch</c>, <c>ambiguous-branch</c>, ... <c>failed</c>.</summary>
    public string Code => CodeOf(Kind);

    /// <summary>Whether a CI step running the CLI should fail: the old tool failed on these two, and so does Micro.</summary>
    public bool IsError => Kind is BranchRerunOutcomeKind.AmbiguousBranch or BranchRerunOutcomeKind.RerunUnconfirmed or BranchRerunOutcomeKind.Failed;

    public static string CodeOf(BranchRerunOutcomeKind kind) => WordStart().Replace(kind.ToString(), "-$1").ToLowerInvariant();

    public string Describe(BranchRerunRequest request) => Kind switch
    {
        BranchRerunOutcomeKind.NoBranch =>
            $"no branch of {request.Repository} starts with '{request.BranchPrefix}': nothing to rerun",
        BranchRerunOutcomeKind.AmbiguousBranch =>
            $"too many branches found: {BranchCount}, expected at most 1 (prefix '{request.BranchPrefix}' in {request.Repository})",
        BranchRerunOutcomeKind.NoPipeline =>
            $"no pipeline of {request.ProjectSlug} on branch {Branch}: nothing to rerun",
        BranchRerunOutcomeKind.NoWorkflow =>
            $"no workflow named {request.WorkflowName} in pipeline {Pipeline?.Number} ({Pipeline?.Id}) on branch {Branch}: nothing to rerun",
        BranchRerunOutcomeKind.AlreadyRunning =>
            $"workflow {request.WorkflowName} ({Workflow?.Id}) on branch {Branch} is still in flight (status {Workflow?.Status}): not rerunning it",
        BranchRerunOutcomeKind.DryRun =>
            $"dry run: would rerun workflow {request.WorkflowName} ({Workflow?.Id}, status {Workflow?.Status}) of pipeline {Pipeline?.Number} on branch {Branch}",
        BranchRerunOutcomeKind.RerunRequested =>
            $"rerun of workflow {request.WorkflowName} ({Workflow?.Id}) of pipeline {Pipeline?.Number} on branch {Branch} requested: new workflow {RerunWorkflowId}",
        BranchRerunOutcomeKind.RerunUnconfirmed =>
            $"rerun of workflow {request.WorkflowName} ({Workflow?.Id}) of pipeline {Pipeline?.Number} on branch {Branch} unconfirmed: {Error}",
        _ => Error ?? "failed",
    };

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
