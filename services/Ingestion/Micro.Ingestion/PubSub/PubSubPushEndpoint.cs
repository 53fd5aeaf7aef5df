using System.Buffers;
using Micro.Ingestion.Webhooks;
using Micro.PubSub.Push;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.PubSub;

/// <summary>
/// <c>POST /webhooks/pubsub</c>, a push subscription's endpoint. Pub/Sub counts a 2xx as the acknowledgement, so 204 answers a message
/// only once it is stored (202 is avoided: the emulator takes it for a failure). A body that is no usable message is stored as
/// rejected and acknowledged all the same, or Pub/Sub would push it forever; 503 when nothing can be stored, so it is pushed again.
/// </summary>
static class PubSubPushEndpoint
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Receive(
        HttpRequest request,
        PushAuthentication authentication,
        PubSubIntake intake,
        IOptions<PubSubPushOptions> options,
        CancellationToken cancellationToken)
    {
        switch (await authentication.Check(request.Headers.Authorization, cancellationToken))
        {
            case PushAuthenticationResult.Refused refused:
                request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Problem(StatusCodes.Status401Unauthorized, "Push not authenticated", refused.Reason);
            case PushAuthenticationResult.Unavailable unavailable:
                return Problem(StatusCodes.Status503ServiceUnavailable, "Push not verifiable now", unavailable.Reason);
        }

        var limit = options.Value.MaxBodyBytes;
        using var body = await WebhookBody.ReadAtMost(request, limit, null, cancellationToken);
        if (body is null)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Push too large", $"The body exceeds {limit} bytes (PubSub:Push:MaxBodyBytes).");

        var bytes = body.Content.ToArray();
        var delivery = PushEnvelope.TryParse(bytes, out var envelope, out var problem)
            ? PubSubDeliveries.Accepted(envelope!)
            : PubSubDeliveries.Rejected(bytes, null, problem!);
        var message = envelope is null ? null : PubSubDeliveries.Requested(envelope, delivery.ReceivedAt);
        return await intake.Store(delivery, message, cancellationToken)
            ? TypedResults.NoContent()
            : Problem(StatusCodes.Status503ServiceUnavailable, "Message not stored",
                "The delivery log is unavailable; the message was not accepted and Pub/Sub will push it again.");
    }

    static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
