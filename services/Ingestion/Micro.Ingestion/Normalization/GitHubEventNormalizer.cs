using System.Text.Json;
using Micro.Contracts.GitHub;

namespace Micro.Ingestion.Normalization;

/// <summary>Turns a GitHub webhook into the integration event other services consume, for the events and actions Micro acts on.</summary>
public static class GitHubEventNormalizer
{
    public static NormalizedEvent Normalize(string eventName, string deliveryId, JsonElement payload)
    {
        var metadata = WebhookMetadata.Read(payload);
        try
        {
            object? message = eventName switch
            {
                "workflow_job" => WorkflowJobMapping.Map(Origin(deliveryId, metadata), metadata.Action, payload),
                "workflow_run" => WorkflowRunMapping.Map(Origin(deliveryId, metadata), metadata.Action, payload),
                "pull_request" => PullRequestMapping.Map(Origin(deliveryId, metadata), metadata.Action, payload),
                "push" => PushMapping.Map(Origin(deliveryId, metadata), payload),
                _ => throw new UnusedEventException($"event '{eventName}' is not used by Micro"),
            };
            return message is null
                ? new NormalizedEvent.Ignore($"{eventName} action '{metadata.Action}' is not used by Micro")
                : new NormalizedEvent.Publish(message);
        }
        catch (UnusedEventException unused)
        {
            return new NormalizedEvent.Ignore(unused.Message);
        }
        catch (MalformedPayloadException malformed)
        {
            return new NormalizedEvent.Ignore($"malformed {eventName} payload: {malformed.Message}");
        }
    }

    static GitHubEventOrigin Origin(string deliveryId, WebhookMetadata metadata) =>
        new(
            deliveryId,
            new GitHubRepository(
                metadata.Repository ?? throw new MalformedPayloadException("repository.full_name is missing"),
                metadata.RepositoryUrl ?? string.Empty),
            metadata.InstallationId,
            metadata.Sender);

    sealed class UnusedEventException(string message) : Exception(message);
}
