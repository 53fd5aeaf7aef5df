using System.Text;
using System.Text.Json;
using Micro.Ingestion.Deliveries;
using Micro.Ingestion.Normalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Webhooks;

/// <summary>
/// <c>POST /webhooks/github</c>. Answers 2xx only once the delivery is committed to the database, so an accepted delivery is never
/// lost; anything that prevents that is a 5xx, which GitHub shows as a failed delivery to redeliver. The broker plays no part: while
/// it is down, deliveries are still accepted and their events wait in the outbox until it is back.
/// </summary>
static class GitHubWebhookEndpoint
{
    public static async Task<Results<Ok<WebhookAnswer>, Accepted<WebhookAnswer>, ProblemHttpResult>> Receive(
        HttpRequest request,
        WebhookSignature signature,
        DeliveryStore store,
        IngestionMetrics metrics,
        IOptions<GitHubWebhookOptions> options,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = await WebhookBody.ReadAtMost(request, settings.MaxBodyBytes, cancellationToken);
        if (body is null)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Delivery too large", $"The body exceeds {settings.MaxBodyBytes} bytes.");

        if (signature.IsRequired && !signature.IsValid(request.Headers["X-Hub-Signature-256"], body))
        {
            return Problem(StatusCodes.Status401Unauthorized, "Invalid signature",
                "X-Hub-Signature-256 is missing or does not match the body under any configured webhook secret.");
        }

        var eventName = request.Headers["X-GitHub-Event"].ToString();
        var deliveryId = request.Headers["X-GitHub-Delivery"].ToString();
        if (Header.Invalid(eventName, 100) is { } eventProblem)
            return Problem(StatusCodes.Status400BadRequest, "Invalid X-GitHub-Event header", $"X-GitHub-Event {eventProblem}.");
        if (Header.Invalid(deliveryId, 100) is { } deliveryProblem)
            return Problem(StatusCodes.Status400BadRequest, "Invalid X-GitHub-Delivery header", $"X-GitHub-Delivery {deliveryProblem}.");

        JsonDocument payload;
        try
        {
            payload = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return Problem(StatusCodes.Status400BadRequest, "Body is not JSON",
                $"The body must be a JSON webhook payload: {exception.Message}");
        }

        using (payload)
        {
            if (eventName == "ping")
                return TypedResults.Ok(new WebhookAnswer(deliveryId, Pong: true));

            var normalized = GitHubEventNormalizer.Normalize(eventName, deliveryId, payload.RootElement);
            var delivery = DeliveryOf(deliveryId, eventName, payload.RootElement, body, normalized);
            var stored = await Store(store, delivery, (normalized as NormalizedEvent.Publish)?.Message, settings.StoreTimeout, cancellationToken);

            metrics.Received(eventName, stored?.ToString() ?? "failed");
            return stored switch
            {
                StoreOutcome.Stored when normalized is NormalizedEvent.Ignore ignore =>
                    TypedResults.Accepted((string?)null, new WebhookAnswer(deliveryId, Ignored: true, Reason: ignore.Reason)),
                StoreOutcome.Stored => TypedResults.Accepted((string?)null, new WebhookAnswer(deliveryId)),
                StoreOutcome.Duplicate => TypedResults.Ok(new WebhookAnswer(deliveryId, Duplicate: true)),
                _ => Problem(StatusCodes.Status503ServiceUnavailable, "Delivery not stored",
                    "The delivery log is unavailable; the delivery was not accepted. Redeliver it from GitHub."),
            };
        }
    }

    static async Task<StoreOutcome?> Store(DeliveryStore store, Delivery delivery, object? message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await store.Store(delivery, message, deadline.Token);
        }
        catch (Exception exception) when (exception is DeliveryNotStoredException or OperationCanceledException)
        {
            return null;
        }
    }

    static Delivery DeliveryOf(string deliveryId, string eventName, JsonElement payload, byte[] body, NormalizedEvent normalized)
    {
        var metadata = WebhookMetadata.Read(payload);
        return new Delivery
        {
            DeliveryId = deliveryId,
            Event = eventName,
            Action = Truncate(metadata.Action, 100),
            Repository = Truncate(metadata.Repository, 300),
            InstallationId = metadata.InstallationId,
            Sender = Truncate(metadata.Sender, 100),
            ReceivedAt = DateTime.UtcNow,
            Payload = Encoding.UTF8.GetString(body),
            State = normalized is NormalizedEvent.Ignore ? DeliveryState.Ignored : DeliveryState.Received,
            IgnoredReason = Truncate((normalized as NormalizedEvent.Ignore)?.Reason, 500),
        };
    }

    static string? Truncate(string? value, int length) => value is { Length: var l } && l > length ? value[..length] : value;

    static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

/// <summary>The body of a webhook answer; only the flags that apply are written.</summary>
sealed record WebhookAnswer(string DeliveryId, bool? Duplicate = null, bool? Ignored = null, string? Reason = null, bool? Pong = null);
