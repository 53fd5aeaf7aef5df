using MassTransit;
using Micro.Messaging;
using Micro.Messaging.Redelivery;
using Micro.Persistence.Database;
using Micro.Persistence.Redelivery;
using Micro.Persistence.Sagas;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micro.Hosting;

/// <summary>
/// What one module registers: its services, its own database, and its consumers and sagas on the process's bus. Consumers and sagas
/// registered here get the module's failure handling: a message still failing after the in-place retries is kept in the module's
/// database and redelivered later, and its consumers pause while that database is down.
/// </summary>
public sealed class ModuleBuilder
{
    readonly IHostApplicationBuilder host;
    Type? database;
    Action<IEndpointRouteBuilder>? mapDeadLetters;
    Action? keepFailedMessages;
    bool sealedOff;

    internal ModuleBuilder(string name, IHostApplicationBuilder host)
    {
        Name = name;
        this.host = host;
    }

    public string Name { get; }

    /// <summary>The host being built, for the shared libraries' registrations (<c>AddGitHubClient</c>, <c>AddOutboxRelay</c>).</summary>
    public IHostApplicationBuilder Host => host;

    public IServiceCollection Services => host.Services;

    public IConfigurationManager Configuration => host.Configuration;

    internal bool UsesBus { get; private set; }

    internal bool HasConsumers { get; private set; }

    /// <summary>
    /// The module's own database (<see cref="ServiceDatabase.AddServiceDatabase{TContext}"/>), which also keeps its consumers' failed
    /// messages: its model must map <see cref="FailedMessageModel.FailedMessages"/>.
    /// </summary>
    public ModuleBuilder AddDatabase<TContext>(string connectionName)
        where TContext : DbContext
    {
        if (database is not null)
            throw new InvalidOperationException($"Module '{Name}' already has its database {database.Name}; a service owns one database.");

        host.AddServiceDatabase<TContext>(connectionName);
        database = typeof(TContext);
        keepFailedMessages = () => host.AddFailedMessages<TContext>(Name);
        mapDeadLetters = endpoints => endpoints.MapDeadLetters<TContext>(Name);
        return this;
    }

    /// <summary>The module publishes or sends on the bus without consuming anything.</summary>
    public ModuleBuilder UseBus()
    {
        ThrowIfSealed("the bus");
        UsesBus = true;
        return this;
    }

    public ModuleBuilder AddConsumer<TConsumer>(Action<IEndpointRegistrationConfigurator>? endpoint = null)
        where TConsumer : class, IConsumer
    {
        Participate(typeof(TConsumer), bus => bus.AddConsumer<TConsumer>().Endpoint(configurator => Own(configurator, endpoint)));
        return this;
    }

    /// <summary>A saga state machine whose instances live in the module's database, loaded under a row lock.</summary>
    public ModuleBuilder AddSaga<TMachine, TState>(Type? definition = null)
        where TMachine : class, SagaStateMachine<TState>
        where TState : class, SagaStateMachineInstance
    {
        var storage = database ?? throw new InvalidOperationException(
            $"Module '{Name}': call AddDatabase before AddSaga<{typeof(TMachine).Name}>, saga instances live in the module's database.");
        Participate(typeof(TMachine), bus =>
        {
            var saga = definition is null ? bus.AddSagaStateMachine<TMachine, TState>() : bus.AddSagaStateMachine<TMachine, TState>(definition);
            SagaRepositoryRegistration.StoredIn(saga, storage);
            saga.Endpoint(configurator => Own(configurator, null));
        });
        return this;
    }

    /// <summary>Ends registration: a module with consumers and a database keeps their failed messages there.</summary>
    internal void Seal()
    {
        if (HasConsumers)
            keepFailedMessages?.Invoke();
        sealedOff = true;
    }

    internal void MapDeadLetters(IEndpointRouteBuilder endpoints)
    {
        if (HasConsumers)
            mapDeadLetters?.Invoke(endpoints);
    }

    void Participate(Type handler, Action<IBusRegistrationConfigurator> register)
    {
        ThrowIfSealed(handler.Name);
        UsesBus = true;
        HasConsumers = true;
        host.AddBusParticipant(handler, register);
    }

    void Own(IEndpointRegistrationConfigurator endpoint, Action<IEndpointRegistrationConfigurator>? custom)
    {
        custom?.Invoke(endpoint);
        var owner = Name;
        endpoint.AddConfigureEndpointCallback((context, configurator) =>
            context.GetRequiredService<EndpointOwners>().Own(configurator.InputAddress, owner));
    }

    void ThrowIfSealed(string what)
    {
        if (sealedOff)
        {
            throw new InvalidOperationException(
                $"Module '{Name}' registered {what} after the host was built: register consumers and sagas in IMicroModule.Register.");
        }
    }
}
