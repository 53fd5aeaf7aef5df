using Micro.ServiceDefaults;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Micro.Gateway;

/// <summary>
/// Marks every forwarded request as coming through the gateway with the internal secret (<c>Internal:Token</c>). A caller's own
/// <c>X-Micro-Internal</c> header is never forwarded: it is replaced, or removed when no secret is configured.
/// </summary>
static class InternalCallerTransform
{
    public static void Apply(TransformBuilderContext context)
    {
        var options = context.Services.GetRequiredService<IOptions<InternalCallerOptions>>().Value;
        if (options.IsConfigured)
            context.AddRequestHeader(InternalCallerOptions.Header, options.Token!, append: false);
        else
            context.AddRequestHeaderRemove(InternalCallerOptions.Header);
    }
}
