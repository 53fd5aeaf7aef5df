using System.Collections.Concurrent;
using MassTransit;

namespace Micro.Messaging.Tests;

public sealed record ChargeCard(Guid OrderId, int FailuresBeforeSuccess);

/// <summary>Fails the first N attempts of each order, then succeeds; a huge N makes a poison message.</summary>
public sealed class ChargeCardConsumer(ConcurrentDictionary<Guid, int> attempts) : IConsumer<ChargeCard>
{
    public Task Consume(ConsumeContext<ChargeCard> context)
    {
        var attempt = attempts.AddOrUpdate(context.Message.OrderId, 1, (_, count) => count + 1);
        if (attempt <= context.Message.FailuresBeforeSuccess)
            throw new InvalidOperationException($"card declined for order {context.Message.OrderId} (attempt {attempt})");
        return Task.CompletedTask;
    }
}
