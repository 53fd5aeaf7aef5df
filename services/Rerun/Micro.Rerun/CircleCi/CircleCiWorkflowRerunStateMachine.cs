using MassTransit;

namespace Micro.Rerun.CircleCi;

/// <summary>
/// Serializes re-runs of one CircleCI workflow so that near-simultaneous triggers re-run it once. One request at a time runs the
/// procedure (<see cref="CircleCiRerunExecutor"/>); the others wait. Once a re-run was asked for, the workflow is held in flight
/// until <see cref="CircleCiRerunSweeper"/> sees the new workflow finish (or gives up waiting): every request meanwhile, and every
/// one that waited, joins that re-run instead of calling CircleCI again. This closes the window in which the old tool re-ran
/// twice, before CircleCI listed the new workflow.
/// </summary>
public sealed class CircleCiWorkflowRerunStateMachine : MassTransitStateMachine<CircleCiWorkflowRerunState>
{
    public CircleCiWorkflowRerunStateMachine()
    {
        InstanceState(saga => saga.CurrentState);
        Event(() => Requested, e => e.CorrelateById(context => context.Message.WorkflowKey));
        Event(() => Finished, e =>
        {
            e.CorrelateById(context => context.Message.WorkflowKey);
            e.OnMissingInstance(missing => missing.Discard());
        });
        Event(() => Settled, e =>
        {
            e.CorrelateById(context => context.Message.WorkflowKey);
            e.OnMissingInstance(missing => missing.Discard());
        });
        // A repeated message (redelivery, the sweeper's re-publication) that no longer fits the state changes nothing.
        OnUnhandledEvent(context => context.Ignore());

        During(Initial, Idle,
            When(Requested).Then(context => context.Saga.Start(context.Message, DateTime.UtcNow)).Publish(Run).TransitionTo(Executing));

        During(Executing,
            When(Requested).Then(context => context.Saga.Enqueue(context.Message.RequestId)),
            When(Finished, context => IsActive(context) && context.Message.RerunWorkflowId is not null)
                .If(context => context.Saga.HasWaiting, waiting => waiting.Publish(context => new CoalesceCircleCiReruns(
                    context.Saga.CorrelationId, context.Saga.WaitingRequests, context.Message.RequestId, context.Message.RerunWorkflowId!)))
                .Then(context => context.Saga.HoldInFlight(context.Message, DateTime.UtcNow))
                .TransitionTo(InFlight),
            When(Finished, context => IsActive(context) && context.Message.RerunWorkflowId is null && context.Saga.HasWaiting)
                .Then(context => context.Saga.ActivateNext(DateTime.UtcNow))
                .Publish(Run),
            When(Finished, context => IsActive(context) && context.Message.RerunWorkflowId is null && !context.Saga.HasWaiting)
                .Then(context => context.Saga.Deactivate())
                .TransitionTo(Idle));

        During(InFlight,
            When(Requested, context => context.Message.RequestId != context.Saga.RerunRequestId)
                .Publish(context => new CoalesceCircleCiReruns(
                    context.Saga.CorrelationId, [context.Message.RequestId], context.Saga.RerunRequestId!.Value, context.Saga.RerunWorkflowId!)),
            When(Settled).Then(context => context.Saga.Settle()).TransitionTo(Idle));
    }

    public State Idle { get; private set; } = null!;

    /// <summary>A request's procedure is running.</summary>
    public State Executing { get; private set; } = null!;

    /// <summary>A re-run was requested and has not yet been seen to finish.</summary>
    public State InFlight { get; private set; } = null!;

    public Event<CircleCiRerunRequested> Requested { get; private set; } = null!;

    public Event<CircleCiRerunFinished> Finished { get; private set; } = null!;

    public Event<CircleCiRerunSettled> Settled { get; private set; } = null!;

    static bool IsActive(BehaviorContext<CircleCiWorkflowRerunState, CircleCiRerunFinished> context) =>
        context.Message.RequestId == context.Saga.ActiveRequestId;

    static RunCircleCiRerun Run<T>(BehaviorContext<CircleCiWorkflowRerunState, T> context)
        where T : class =>
        new(context.Saga.CorrelationId, context.Saga.ActiveRequestId!.Value);
}
