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
        WebhookReadGate gate,
        IOptions<GitHubWebhookOptions> options,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var turn = await gate.Enter(cancellationToken);
        if (turn is null)
        {
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Too many deliveries at once",
                $"{settings.MaxConcurrentReads} deliveries are being received already; send this one again shortly.");
        }

        using var check = signature.IsRequired ? signature.Begin() : null;
        using var body = await WebhookBody.ReadAtMost(request, settings.MaxBodyBytes, check, cancellationToken);
        turn.Dispose();
        if (body is null)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Delivery too large", $"The body exceeds {settings.MaxBodyBytes} bytes.");

        if (check is not null && !check.Matches(request.Headers["X-Hub-Signature-256"]))
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

        // JSON readers do not check the UTF-8 inside strings; a payload that is not UTF-8 could be neither read nor stored as sent.
        string text;
        try
        {
            text = StrictUtf8.GetString(body.Content);
        }
        catch (DecoderFallbackException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Body is not UTF-8",
                "The body must be a JSON webhook payload in UTF-8; it holds bytes that are not UTF-8.");
        }

        JsonDocument payload;
        try
        {
            payload = JsonDocument.Parse(body.Content);
        }
        catch (JsonException exception)
        {
            return Problem(StatusCodes.Status400BadRequest, "Body is not JSON",
                $"The body must be a JSON webhook payload: {exception.Message}");
        }

        using (payload)
        {
            if (!JsonStrings.AreReadable(body.Content))
            {
                return Problem(StatusCodes.Status400BadRequest, "Body is not JSON",
                    "The body must be a JSON webhook payload: a string in it escapes a lone surrogate, which is not Unicode text.");
            }

            if (eventName == "ping")
                return TypedResults.Ok(new WebhookAnswer(deliveryId, Pong: true));

            var normalized = GitHubEventNormalizer.Normalize(eventName, deliveryId, payload.RootElement);
            var delivery = DeliveryOf(deliveryId, eventName, payload.RootElement, text, normalized);
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

    static Delivery DeliveryOf(string deliveryId, string eventName, JsonElement payload, string body, NormalizedEvent normalized)
    {
        var metadata = WebhookMetadata.Read(payload);
        return new Delivery
        {
            DeliveryId = deliveryId,
            Event = eventName,
            Action = Loggable(metadata.Action, 100),
            Repository = Loggable(metadata.Repository, 300),
            InstallationId = metadata.InstallationId,
            Sender = Loggable(metadata.Sender, 100),
            ReceivedAt = DateTime.UtcNow,
            Payload = body,
            State = normalized is NormalizedEvent.Ignore ? DeliveryState.Ignored : DeliveryState.Received,
            IgnoredReason = Loggable((normalized as NormalizedEvent.Ignore)?.Reason, 500),
        };
    }

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The log's columns are text: PostgreSQL refuses NUL in text, which a payload may carry escaped ("\u0000"); the payload itself keeps it.
    static string? Loggable(string? value, int length)
    {
        var cleaned = value?.Replace("\0", "", StringComparison.Ordinal);
        return cleaned?.Length > length ? cleaned[..length] : cleaned;
    }

    static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

/// <summary>The body of a webhook answer; only the flags that apply are written.</summary>
sealed record WebhookAnswer(string DeliveryId, bool? Duplicate = null, bool? Ignored = null, string? Reason = null, bool? Pong = null);
