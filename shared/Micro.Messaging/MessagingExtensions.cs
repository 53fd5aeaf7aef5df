using MassTransit;
using Micro.Messaging.InProcess;
using Micro.Messaging.Redelivery;
using Micro.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Micro.Messaging;

public static class MessagingExtensions
{
    /// <summary>Contributes consumers or sagas of a module to the process's bus.</summary>
    public static IHostApplicationBuilder AddBusParticipant(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> register)
    {
        Registrations(builder).Add(register);
        return builder;
    }

    /// <summary>Contributes one consumer or saga state machine (<paramref name="handler"/>), so the process knows what it consumes.</summary>
    public static IHostApplicationBuilder AddBusParticipant(this IHostApplicationBuilder builder, Type handler, Action<IBusRegistrationConfigurator> register)
    {
        Registrations(builder).Add(register);
        Registrations(builder).Handlers.Add(handler);
        return builder;
    }

    /// <summary>
    /// Configures MassTransit once for the process from the <c>Messaging</c> section: kebab-case endpoints, durable queues with
    /// publisher confirms (RabbitMQ), in-place retry and an in-memory outbox per consume. A message still failing after the retries goes
    /// to its module's failed-message store (<see cref="FailedMessageFilter"/>), or, on an endpoint no module owns, to its <c>*_error</c> queue.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<MessagingOptions>(MessagingOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.RabbitMqConnectionString ??= configuration.GetConnectionString("RabbitMq"));

        var options = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        options.RabbitMqConnectionString ??= builder.Configuration.GetConnectionString("RabbitMq");
        var registrations = Registrations(builder);
        builder.Services.AddValidatedOptions<RedeliveryPolicy>(RedeliveryPolicy.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EndpointOwners>();
        builder.Services.AddSingleton(registrations.Handlers);
        builder.Services.AddSingleton<BusMessageTypes>();
        if (options.Transport == MessageTransport.InMemory)
        {
            builder.Services.AddSingleton<ConsumptionLedger>();
            builder.Services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumptionLedger>());
        }

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            registrations.ApplyTo(bus);

            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                // An endpoint's own limit wins over the shared one; its prefetch matches it, so nothing waits fetched and unacknowledged.
                if (context.GetServices<EndpointConcurrency>().LastOrDefault(own => own.EndpointName == name) is { } own)
                {
                    endpoint.ConcurrentMessageLimit = own.Limit;
                    endpoint.PrefetchCount = own.Limit;
                }
                else
                {
                    endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                }

                endpoint.UseConsumeFilter(typeof(OutagePause<>), context);
                endpoint.UseMessageRetry(retry => retry.Exponential(
                    options.RetryLimit, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
                endpoint.UseInMemoryOutbox(context);
                // What the retries could not mend goes to the owning module's failed-message store.
                endpoint.ConfigureError(error => error.UseFilter(new FailedMessageFilter(context.GetRequiredService<IServiceProvider>())));
            });

            if (options.Transport == MessageTransport.RabbitMq)
                bus.UsingRabbitMq((context, cfg) => cfg.UseBroker(context, options));
            else
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });

        return builder;
    }

    static void UseBroker(this IRabbitMqBusFactoryConfigurator cfg, IBusRegistrationContext context, MessagingOptions options)
    {
        // Validation at start-up reports a missing or malformed connection string by key; this only runs when it is valid.
        if (!Uri.TryCreate(options.RabbitMqConnectionString, UriKind.Absolute, out var broker))
            return;

        var credentials = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
        var virtualHost = broker.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";
        var secure = broker.Scheme == "amqps";
        var port = broker.Port > 0 ? broker.Port : secure ? 5671 : 5672;
        cfg.Host(broker.Host, (ushort)port, virtualHost, host =>
        {
            if (credentials is [var user, var password])
            {
                host.Username(user);
                host.Password(password);
            }

            host.PublisherConfirmation = true;
            if (secure)
                host.UseSsl(ssl => ssl.ServerName = broker.Host);
        });
        cfg.PrefetchCount = options.PrefetchCount;
        cfg.ConfigureEndpoints(context);
    }

    static BusRegistrations Registrations(IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(typeof(BusRegistrations), out var existing))
            return (BusRegistrations)existing;

        var created = new BusRegistrations();
        builder.Properties[typeof(BusRegistrations)] = created;
        return created;
    }
}
