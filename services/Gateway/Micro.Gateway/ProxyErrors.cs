using Micro.Edge;
using Microsoft.AspNetCore.WebUtilities;
using Yarp.ReverseProxy.Forwarder;

namespace Micro.Gateway;

/// <summary>Explains in problem details why the gateway could not get an answer from a service; YARP alone answers with a bare status.</summary>
static class ProxyErrors
{
    public static async Task AsProblemDetails(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.GetForwarderErrorFeature() is not { } error || context.Response.HasStarted)
            return;

        // YARP has chosen the status already (503 no destination, 504 timeout, 413 over the route's body limit, 400 client gone, 502 otherwise).
        var status = context.Response.StatusCode;
        await EdgeProblem.Write(context, status, ReasonPhrases.GetReasonPhrase(status), Explain(error.Error, status));
    }

    static string Explain(ForwarderError error, int status) => error switch
    {
        ForwarderError.NoAvailableDestinations => "No healthy instance of the service is available; try again shortly.",
        ForwarderError.RequestTimedOut => "The service did not answer in time.",
        _ when status == StatusCodes.Status413PayloadTooLarge => "The request body exceeds this route's limit.",
        _ => $"The gateway could not complete the exchange with the service ({error}).",
    };
}
