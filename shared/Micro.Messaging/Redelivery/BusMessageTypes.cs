using System.Collections.Concurrent;
using MassTransit;
using Micro.Messaging.InProcess;

namespace Micro.Messaging.Redelivery;

/// <summary>The message types this process consumes, by the URN MassTransit names them with on the wire.</summary>
sealed class BusMessageTypes(LocalHandlers handlers)
{
    readonly ConcurrentDictionary<string, Type?> byUrn = new(StringComparer.Ordinal);

    public Type? Find(string urn) => byUrn.GetOrAdd(urn, name => handlers.MessageTypes().FirstOrDefault(type => MessageUrn.ForTypeString(type) == name));
}
