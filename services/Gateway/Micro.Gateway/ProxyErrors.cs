using Micro.Edge;
using Yarp.ReverseProxy.Forwarder;

namespace Micro.Gateway;

/// <summary>Turns YARP's bare error statuses (no destination, destination down, body too large) into problem details.</summary>
static class ProxyErrors
{
    public static async Task AsProblemDetails(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted)
            return;

        var (status, title, detail) = error.Error switch
        {
            ForwarderError.NoAvailableDestinations =>
                (StatusCodes.Status503ServiceUnavailable, "Service unavailable", "No healthy instance of the service is available; try again shortly."),
            ForwarderError.RequestBodyClient when IsBodyTooLarge(error.Exception) =>
                (StatusCodes.Status413PayloadTooLarge, "Request too large", "The request body exceeds this route's limit."),
            ForwarderError.RequestTimedOut =>
                (StatusCodes.Status504GatewayTimeout, "Service timed out", "The service did not answer in time."),
            _ => (StatusCodes.Status502BadGateway, "Service unreachable", $"The gateway could not reach the service ({error.Error})."),
        };
        await EdgeProblem.Write(context, status, title, detail);
    }

    // Kestrel's refusal arrives wrapped (YARP copies the body on another task).
    static bool IsBodyTooLarge(Exception? exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsBodyTooLarge),
        { InnerException: { } inner } => IsBodyTooLarge(inner),
        _ => false,
    };
}
