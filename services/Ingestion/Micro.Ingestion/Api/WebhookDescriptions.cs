using System.Text.Json;
using Micro.Hosting;

namespace Micro.Ingestion.Api;

/// <summary>What the API reference says of the webhook endpoints, which read their bodies themselves to check signatures first.</summary>
static class WebhookDescriptions
{
    public static RouteHandlerBuilder DescribedAsGitHubWebhook(this RouteHandlerBuilder endpoint) =>
        endpoint.WithTags("Webhooks")
            .WithSummary("Receive a GitHub webhook delivery")
            .WithDescription(
                "The JSON payload GitHub sends, with its headers X-GitHub-Event, X-GitHub-Delivery and X-Hub-Signature-256 (required once " +
                "GitHub:WebhookSecret is set). 202 once the delivery is stored (with ignored and its reason when no service acts on the event), " +
                "200 for a delivery id already stored or a ping; 503 when it could not be stored: redeliver it from GitHub.")
            .WithJsonBody<JsonElement>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static RouteHandlerBuilder DescribedAsPubSubPush(this RouteHandlerBuilder endpoint) =>
        endpoint.WithTags("Webhooks")
            .WithSummary("Receive a Pub/Sub push message")
            .WithDescription(
                "A push subscription's envelope ({\"message\": {\"data\": ..., \"messageId\": ...}, \"subscription\": ...}), with Google's OIDC " +
                "token as 'Authorization: Bearer' unless unauthenticated pushes are allowed. 204 once stored (a message that is no workflow " +
                "request is stored as rejected and acknowledged too); 503 when it could not be stored or the token not checked, so Pub/Sub pushes it again.")
            .WithJsonBody<JsonElement>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
