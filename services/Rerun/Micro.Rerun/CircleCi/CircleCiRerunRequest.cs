using Micro.CircleCi;

namespace Micro.Rerun.CircleCi;

/// <summary>
/// One request to re-run a CircleCI workflow by branch, from the API or a rule, and what became of it. Stored before anything
/// else happens, so an accepted request is never lost; <c>GET /api/rerun/circleci/{id}</c> reads it.
/// </summary>
public sealed class CircleCiRerunRequest
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";

    /// <summary>The outcome of a request that joined a re-run already requested instead of calling CircleCI again.</summary>
    public const string Coalesced = "coalesced";

    public Guid Id { get; set; }

    /// <summary>The saga that serializes re-runs of this project's workflow (<see cref="CircleCi.WorkflowKey"/>).</summary>
    public Guid WorkflowKey { get; set; }

    public required string Repository { get; set; }

    public required string BranchPrefix { get; set; }

    public required string ProjectSlug { get; set; }

    public required string WorkflowName { get; set; }

    public bool DryRun { get; set; }

    public long? InstallationId { get; set; }

    /// <summary>Who asked: <c>api</c>, or the rule and the pull request that fired it.</summary>
    public required string Trigger { get; set; }

    public string State { get; set; } = Queued;

    /// <summary><c>no-branch</c> ... <c>rerun-requested</c>, <c>failed</c>, or <c>coalesced</c>.</summary>
    public string? Outcome { get; set; }

    /// <summary>The outcome in a sentence, as the CLI prints it.</summary>
    public string? Detail { get; set; }

    public string? Branch { get; set; }

    public int? BranchCount { get; set; }

    public string? PipelineId { get; set; }

    public long? PipelineNumber { get; set; }

    public string? WorkflowId { get; set; }

    public string? WorkflowStatus { get; set; }

    /// <summary>The workflow CircleCI created for the re-run: this request's, or the one it was coalesced into.</summary>
    public string? RerunWorkflowId { get; set; }

    public string? Error { get; set; }

    /// <summary>The request whose re-run this one joined.</summary>
    public Guid? CoalescedInto { get; set; }

    /// <summary>
    /// When this request last claimed the re-run call, committed right before CircleCI was asked; set with what the steps found
    /// (<see cref="Branch"/> ... <see cref="WorkflowStatus"/>). A claim without an outcome means the call's answer was lost.
    /// </summary>
    public DateTime? ClaimedAt { get; set; }

    /// <summary>How often the re-run call was claimed: more than once only when CircleCI never listed an interrupted one.</summary>
    public int RerunCalls { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public BranchRerunRequest Procedure() => new(Repository, BranchPrefix, ProjectSlug, WorkflowName, DryRun, InstallationId);

    public void Complete(BranchRerunOutcome outcome, DateTime now)
    {
        State = Done;
        Outcome = outcome.Code;
        Detail = outcome.Describe(Procedure());
        Branch = outcome.Branch;
        BranchCount = outcome.BranchCount;
        PipelineId = outcome.Pipeline?.Id;
        PipelineNumber = outcome.Pipeline?.Number;
        WorkflowId = outcome.Workflow?.Id;
        WorkflowStatus = outcome.Workflow?.Status;
        RerunWorkflowId = outcome.RerunWorkflowId;
        Error = outcome.Error;
        CompletedAt = now;
    }

    public void CoalesceInto(Guid requestId, string rerunWorkflowId, DateTime now)
    {
        State = Done;
        Outcome = Coalesced;
        CoalescedInto = requestId;
        RerunWorkflowId = rerunWorkflowId;
        Detail = $"a rerun of {WorkflowName} in {ProjectSlug} was already requested (new workflow {rerunWorkflowId}): joined it instead of rerunning again";
        CompletedAt = now;
    }
}
