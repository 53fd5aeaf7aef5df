using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Messaging.Redelivery;

/// <summary>
/// While a module's database is known to be down, its consumers wait before taking the next message instead of burning its retries
/// on an outage they cannot outlast: consumption pauses, and the broker keeps the messages.
/// </summary>
sealed class OutagePause<T>(EndpointOwners owners, IServiceProvider services) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (owners.OwnerOf(context.ReceiveContext.InputAddress) is { } owner && services.GetKeyedService<IFailedMessageStore>(owner) is { } store)
            await store.WaitUntilAvailable(context.CancellationToken);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("micro-outage-pause");
}
