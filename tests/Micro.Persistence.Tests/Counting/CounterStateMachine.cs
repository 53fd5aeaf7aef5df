using MassTransit;

namespace Micro.Persistence.Tests.Counting;

/// <summary>A saga whose only job is to count: lost or doubled updates show as a wrong number.</summary>
public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public CounterStateMachine()
    {
        InstanceState(counter => counter.CurrentState);
        Event(() => Incremented, e => e.CorrelateById(context => context.Message.CounterId));
        Event(() => Closed, e => e.CorrelateById(context => context.Message.CounterId));
        Event(() => Raised, e => e.CorrelateById(context => context.Message.CounterId));

        Initially(When(Incremented).Then(context => context.Saga.Count++).TransitionTo(Counting));
        During(Counting,
            When(Incremented).Then(context => context.Saga.Count++),
            When(Raised).Then(context => context.Saga.Count = Math.Max(context.Saga.Count, context.Message.AtLeast)),
            When(Closed).Finalize());

        SetCompletedWhenFinalized();
    }

    public State Counting { get; private set; } = null!;

    public Event<IncrementCounter> Incremented { get; private set; } = null!;

    public Event<CloseCounter> Closed { get; private set; } = null!;

    public Event<RaiseCounter> Raised { get; private set; } = null!;
}
