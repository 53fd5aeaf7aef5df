using MassTransit;
using MassTransit.Middleware;
using Micro.Messaging.InProcess;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Micro.Messaging.Redelivery;

/// <summary>
/// The error pipe of every endpoint: a message that still fails after the in-place retries is handed to the failed-message store of
/// the module that owns the endpoint (redelivered later with growing delays, then kept as a dead letter) instead of the broker's
/// <c>_error</c> queue, which nothing reads. An endpoint no module owns keeps MassTransit's behaviour: a fault, and the error queue.
/// </summary>
sealed partial class FailedMessageFilter(IServiceProvider services) : IFilter<ExceptionReceiveContext>
{
    readonly GenerateFaultFilter fault = new();
    readonly ErrorTransportFilter errorQueue = new();

    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        var owner = services.GetRequiredService<EndpointOwners>().OwnerOf(context.InputAddress);
        var store = owner is null ? null : services.GetKeyedService<IFailedMessageStore>(owner);
        var failed = store is null ? null : FailedDelivery.Of(context, services.GetRequiredService<BusMessageTypes>(), services.GetRequiredService<TimeProvider>());
        if (store is null || failed is null)
        {
            LogToErrorQueue(services.GetRequiredService<ILogger<FailedMessageFilter>>(), context.InputAddress, owner ?? "no module",
                store is null ? "its module keeps no failed messages" : "the message could not be read back");
            if (context.GetMessageId() is { } id)
                services.GetService<ConsumptionLedger>()?.Abandoned(id);
            await ((IFilter<ExceptionReceiveContext>)fault).Send(context, Pipe.Empty<ExceptionReceiveContext>());
            await ((IFilter<ExceptionReceiveContext>)errorQueue).Send(context, next);
            return;
        }

        await store.Keep(failed, context.CancellationToken);
        services.GetService<ConsumptionLedger>()?.Handled(failed.MessageId);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("micro-failed-messages");

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message that failed on {Endpoint} ({Owner}) goes to the error queue: {Why}")]
    static partial void LogToErrorQueue(ILogger logger, Uri endpoint, string owner, string why);
}
