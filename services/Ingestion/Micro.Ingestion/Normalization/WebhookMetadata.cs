using System.Text.Json;

namespace Micro.Ingestion.Normalization;

/// <summary>What the delivery log records of any event, whatever its shape: who, where and what action.</summary>
public sealed record WebhookMetadata(string? Action, string? Repository, string? RepositoryUrl, long? InstallationId, string? Sender)
{
    public static WebhookMetadata Read(JsonElement payload)
    {
        var repository = payload.Object("repository");
        return new WebhookMetadata(
            payload.String("action"),
            repository?.String("full_name"),
            repository?.String("html_url"),
            payload.Object("installation")?.Int64("id"),
            payload.Object("sender")?.String("login"));
    }
}
