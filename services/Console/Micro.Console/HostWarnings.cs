using Microsoft.Extensions.Configuration;

namespace Micro.Console;

/// <summary>
/// What the console can tell about the configuration of the host it runs in (the standalone host, or the gateway), beyond what the
/// API shows: webhooks accepted unsigned, admin actions impossible for want of an admin token. Keys of the services in other
/// processes are not visible here; their own start-up logs say the same.
/// </summary>
public sealed class HostWarnings(IConfiguration configuration)
{
    public IReadOnlyList<string> All()
    {
        var warnings = new List<string>();
        var signed = Has("GitHub:WebhookSecrets") || !string.IsNullOrWhiteSpace(configuration["GITHUB_WEBHOOK_SECRET"]);
        if (!signed && configuration.GetValue<bool>("GitHub:AllowUnsignedWebhooks"))
        {
            warnings.Add("Webhooks are accepted unsigned (GitHub:AllowUnsignedWebhooks=true, no secret): anyone who reaches /webhooks/github can post events. Set GitHub:WebhookSecrets:0 (or GITHUB_WEBHOOK_SECRET).");
        }

        var pipelineTokens = Has("Gateway:ApiTokens") || !string.IsNullOrWhiteSpace(configuration["MICRO_API_TOKEN"]);
        var adminTokens = Has("Gateway:AdminTokens") || !string.IsNullOrWhiteSpace(configuration["MICRO_ADMIN_TOKEN"]);
        if (pipelineTokens && !adminTokens)
        {
            warnings.Add("No admin token is configured (Gateway:AdminTokens or MICRO_ADMIN_TOKEN): lock resets, replays, dead-letter retries and runner mapping changes are refused to everyone.");
        }

        return warnings;
    }

    bool Has(string list) => configuration.GetSection(list).GetChildren().Any(item => !string.IsNullOrWhiteSpace(item.Value));
}
