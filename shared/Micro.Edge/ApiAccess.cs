using Microsoft.Extensions.Configuration;

namespace Micro.Edge;

/// <summary>How <c>/api/**</c> is guarded, decided once from the options and where the host listens.</summary>
public sealed record ApiAccess(ApiAccessMode Mode, IReadOnlyList<string> Addresses)
{
    public static ApiAccess Decide(EdgeOptions options, EdgeHost host, IConfiguration configuration)
    {
        var addresses = ListenAddresses.Of(configuration);
        var mode = options switch
        {
            { HasTokens: true } => ApiAccessMode.Tokens,
            { AllowAnonymousApi: true } => ApiAccessMode.OpenByChoice,
            _ when host == EdgeHost.Standalone && ListenAddresses.AreLoopbackOnly(addresses) => ApiAccessMode.OpenOnLoopback,
            _ => ApiAccessMode.Refused,
        };
        return new ApiAccess(mode, addresses);
    }

    public bool IsOpen => Mode is ApiAccessMode.OpenByChoice or ApiAccessMode.OpenOnLoopback;
}

public enum ApiAccessMode
{
    /// <summary>Pipeline or admin bearer tokens are configured and required.</summary>
    Tokens,

    /// <summary>No token, and <c>Gateway:AllowAnonymousApi=true</c>.</summary>
    OpenByChoice,

    /// <summary>No token, on the standalone host listening on loopback only.</summary>
    OpenOnLoopback,

    /// <summary>No token and nothing that allows that: the host does not start.</summary>
    Refused,
}
