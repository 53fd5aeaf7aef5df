using MassTransit;

namespace Micro.Persistence.Tests.Counting;

public sealed class CounterState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public int Count { get; set; }
}
