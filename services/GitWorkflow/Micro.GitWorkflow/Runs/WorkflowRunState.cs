using MassTransit;

namespace Micro.GitWorkflow.Runs;

/// <summary>The lifecycle of one run, owned by <see cref="WorkflowRunStateMachine"/>.</summary>
public sealed class WorkflowRunState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public string Workflow { get; set; } = string.Empty;

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>Why the run failed or was rejected.</summary>
    public string? Reason { get; set; }

    /// <summary>The step that failed.</summary>
    public string? FailedStep { get; set; }

    public string? PullRequestUrl { get; set; }

    public void Reject(WorkflowRunSubmitted submitted, DateTime now)
    {
        Workflow = submitted.Workflow;
        Reason = submitted.RejectedBecause;
        FinishedAt = now;
    }

    public void End(WorkflowRunEnded ended)
    {
        StartedAt ??= ended.At;
        FinishedAt = ended.At;
        FailedStep = ended.FailedStep;
        Reason = ended.Reason;
        PullRequestUrl = ended.PullRequestUrl;
    }
}
