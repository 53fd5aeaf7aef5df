using System.Collections.Concurrent;
using MassTransit;

namespace Micro.Messaging.InProcess;

/// <summary>
/// The consumers and sagas of this process, by type, and so how many endpoints of this process receive a message of a given type:
/// each consumer and each saga has an endpoint of its own.
/// </summary>
public sealed class LocalHandlers
{
    readonly List<Type> handlers = [];
    readonly ConcurrentDictionary<Type, int> counts = new();

    public void Add(Type consumerOrStateMachine)
    {
        lock (handlers)
            handlers.Add(consumerOrStateMachine);
        counts.Clear();
    }

    public int CountFor(Type messageType) => counts.GetOrAdd(messageType, type =>
    {
        lock (handlers)
            return handlers.Count(handler => Handles(handler, type));
    });

    /// <summary>Every message type a consumer or saga of this process receives.</summary>
    public IReadOnlyList<Type> MessageTypes()
    {
        lock (handlers)
            return handlers.SelectMany(Received).Distinct().ToList();
    }

    static IEnumerable<Type> Received(Type handler) =>
        handler.GetInterfaces().Where(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(contract => contract.GetGenericArguments()[0])
            .Concat(handler.GetProperties().Where(property => property.PropertyType.IsGenericType
                    && property.PropertyType.GetGenericTypeDefinition() == typeof(Event<>))
                .Select(property => property.PropertyType.GetGenericArguments()[0]));

    static bool Handles(Type handler, Type message) =>
        handler.GetInterfaces().Any(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IConsumer<>)
            && contract.GetGenericArguments()[0].IsAssignableFrom(message))
        || handler.GetProperties().Any(property => property.PropertyType.IsGenericType
            && property.PropertyType.GetGenericTypeDefinition() == typeof(Event<>)
            && property.PropertyType.GetGenericArguments()[0].IsAssignableFrom(message));
}
