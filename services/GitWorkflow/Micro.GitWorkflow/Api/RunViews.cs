using Micro.GitWorkflow.Runs;

namespace Micro.GitWorkflow.Api;

public sealed record RunAccepted(Guid Id);

public sealed record RunSummary(
    Guid Id, string Workflow, string State, string Source, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, string? Reason,
    string? FailedStep, string? PullRequestUrl);

public sealed record RunList(IReadOnlyList<RunSummary> Runs);

public sealed record StepView(string Name, int Attempt, string State, DateTime StartedAt, DateTime? FinishedAt, string? Output, string? Error)
{
    public static StepView Of(WorkflowRunStep step) => new(step.Name, step.Attempt, step.State, step.StartedAt, step.FinishedAt, step.Output, step.Error);
}

public sealed record RunDetail(
    Guid Id, string Workflow, string State, string Source, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, string? Reason,
    string? FailedStep, string? PullRequestUrl, IReadOnlyList<StepView> Steps);
