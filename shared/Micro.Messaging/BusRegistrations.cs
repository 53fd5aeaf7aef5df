using MassTransit;
using Micro.Messaging.InProcess;

namespace Micro.Messaging;

/// <summary>
/// Consumers and sagas that modules contribute to the process's one bus. Modules add to it; <see cref="MessagingExtensions.AddMessaging"/>
/// applies it, so a service alone and the standalone host (several modules, one bus) are wired by the same module code. Once applied
/// it is closed: a registration after that would never reach the bus, so it fails instead.
/// </summary>
sealed class BusRegistrations
{
    readonly List<Action<IBusRegistrationConfigurator>> registrations = [];

    public bool Applied { get; private set; }

    /// <summary>The consumers and sagas registered, by type.</summary>
    public LocalHandlers Handlers { get; } = new();

    public void Add(Action<IBusRegistrationConfigurator> register)
    {
        if (Applied)
        {
            throw new InvalidOperationException(
                "A consumer or saga was registered after the bus was configured (AddMessaging): it would never receive a message. " +
                "Register it before, in the module's Register.");
        }

        registrations.Add(register);
    }

    public void ApplyTo(IBusRegistrationConfigurator bus)
    {
        Applied = true;
        foreach (var register in registrations)
            register(bus);
    }
}
