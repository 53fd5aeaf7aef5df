using System.Collections.Concurrent;

namespace Micro.Messaging.Redelivery;

/// <summary>Which module owns each receive endpoint, so that a message failing there is kept in that module's own database.</summary>
public sealed class EndpointOwners
{
    readonly ConcurrentDictionary<Uri, string> owners = new();

    public void Own(Uri inputAddress, string module) => owners[inputAddress] = module;

    public string? OwnerOf(Uri? inputAddress) => inputAddress is not null && owners.TryGetValue(inputAddress, out var owner) ? owner : null;
}
