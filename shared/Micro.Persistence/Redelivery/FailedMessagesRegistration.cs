using Micro.Messaging.Redelivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micro.Persistence.Redelivery;

public static class FailedMessagesRegistration
{
    /// <summary>
    /// Keeps the failed messages of <paramref name="service"/>'s consumers in <typeparamref name="TContext"/> (which maps
    /// <see cref="FailedMessageModel.FailedMessages"/>) and redelivers them when due.
    /// </summary>
    public static IHostApplicationBuilder AddFailedMessages<TContext>(this IHostApplicationBuilder builder, string service)
        where TContext : DbContext
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<RedeliveryMetrics>();
        // One signal per service: in the standalone host several relays wait, and a notification wakes one waiter only.
        builder.Services.TryAddKeyedSingleton<FailedMessageSignal>(service);
        builder.Services.AddKeyedSingleton<IFailedMessageStore>(service, (provider, _) => new FailedMessageStore<TContext>(
            service,
            provider.GetRequiredService<IDbContextFactory<TContext>>(),
            provider.GetRequiredService<IOptionsMonitor<RedeliveryPolicy>>(),
            provider.GetRequiredService<RedeliveryMetrics>(),
            provider.GetRequiredKeyedService<FailedMessageSignal>(service),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<FailedMessageStore<TContext>>>()));
        builder.Services.AddHostedService(provider => ActivatorUtilities.CreateInstance<RedeliveryRelay<TContext>>(
            provider, service, provider.GetRequiredKeyedService<FailedMessageSignal>(service)));
        return builder;
    }
}
