using MassTransit;
using Micro.Contracts.Workflows;

namespace Micro.GitWorkflow.Runs;

/// <summary>
/// One run, from submission to its end. A malformed request ends <c>Rejected</c> at once; any other is handed to the executor
/// (<see cref="WorkflowRunExecutor"/>) and ends <c>Succeeded</c> or <c>Failed</c>. Every end publishes <see cref="WorkflowRunFinished"/>.
/// A repeated message that no longer fits the state changes nothing, so a run never starts twice.
/// </summary>
public sealed class WorkflowRunStateMachine : MassTransitStateMachine<WorkflowRunState>
{
    public WorkflowRunStateMachine()
    {
        InstanceState(saga => saga.CurrentState);
        Event(() => Submitted, e => e.CorrelateById(context => context.Message.RunId));
        Event(() => Started, e =>
        {
            e.CorrelateById(context => context.Message.RunId);
            e.OnMissingInstance(missing => missing.Discard());
        });
        Event(() => Ended, e =>
        {
            e.CorrelateById(context => context.Message.RunId);
            e.OnMissingInstance(missing => missing.Discard());
        });
        OnUnhandledEvent(context => context.Ignore());

        Initially(
            When(Submitted, context => context.Message.RejectedBecause is not null)
                .Then(context => context.Saga.Reject(context.Message, DateTime.UtcNow))
                .Publish(context => Finished(context.Saga, RunStates.Rejected))
                .TransitionTo(Rejected),
            When(Submitted, context => context.Message.RejectedBecause is null)
                .Then(context => context.Saga.Workflow = context.Message.Workflow)
                .Publish(context => new ExecuteWorkflowRun(context.Saga.CorrelationId))
                .TransitionTo(Pending));

        During(Pending,
            When(Started).Then(context => context.Saga.StartedAt = context.Message.At).TransitionTo(Running));

        During(Pending, Running,
            When(Ended, context => context.Message.Succeeded)
                .Then(context => context.Saga.End(context.Message))
                .Publish(context => Finished(context.Saga, RunStates.Succeeded))
                .TransitionTo(Succeeded),
            When(Ended, context => !context.Message.Succeeded)
                .Then(context => context.Saga.End(context.Message))
                .Publish(context => Finished(context.Saga, RunStates.Failed))
                .TransitionTo(Failed));
    }

    public State Pending { get; private set; } = null!;

    public State Running { get; private set; } = null!;

    public State Succeeded { get; private set; } = null!;

    public State Failed { get; private set; } = null!;

    public State Rejected { get; private set; } = null!;

    public Event<WorkflowRunSubmitted> Submitted { get; private set; } = null!;

    public Event<WorkflowRunStarted> Started { get; private set; } = null!;

    public Event<WorkflowRunEnded> Ended { get; private set; } = null!;

    static WorkflowRunFinished Finished(WorkflowRunState saga, string state) =>
        new(saga.CorrelationId, saga.Workflow, state, saga.Reason, saga.PullRequestUrl, new DateTimeOffset(saga.FinishedAt!.Value, TimeSpan.Zero));
}
