namespace Micro.PrLock.Tests;

/// <summary>
/// Tests whose PR-lock services share queues on the test RabbitMQ: one at a time, so one test's replica never consumes another's
/// pull-request events.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrokerCollection
{
    public const string Name = "PR-lock on RabbitMQ";
}
