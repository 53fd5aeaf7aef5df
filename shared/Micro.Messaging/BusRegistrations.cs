using MassTransit;

namespace Micro.Messaging;

/// <summary>
/// Consumers and sagas that modules contribute to the process's one bus. Modules add to it; <see cref="MessagingExtensions.AddMessaging"/>
/// applies it, so a service alone and the standalone host (several modules, one bus) are wired by the same module code.
/// </summary>
sealed class BusRegistrations
{
    public List<Action<IBusRegistrationConfigurator>> Registrations { get; } = [];
}
