using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Webhooks;

/// <summary>Says at start-up how webhooks are authenticated, loudly when they are not.</summary>
sealed partial class WebhookSecurityReport(IOptions<GitHubWebhookOptions> options, ILogger<WebhookSecurityReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.VerifiesSignatures)
            LogVerifying(logger, settings.WebhookSecrets.Count);
        else
            LogUnsigned(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub webhooks: verifying X-Hub-Signature-256 against {Count} configured secret(s)")]
    static partial void LogVerifying(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "GitHub webhooks: NO SECRET CONFIGURED and GitHub:AllowUnsignedWebhooks=true. ANYONE who can reach /webhooks/github can post events. " +
        "Set GitHub:WebhookSecrets:0 (or GITHUB_WEBHOOK_SECRET) before exposing Micro.")]
    static partial void LogUnsigned(ILogger logger);
}
