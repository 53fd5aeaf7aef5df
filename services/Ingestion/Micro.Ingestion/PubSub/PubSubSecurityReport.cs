using Micro.PubSub.Push;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.PubSub;

/// <summary>Says at start-up how Pub/Sub pushes are authenticated, loudly when they are not.</summary>
sealed partial class PubSubSecurityReport(IOptions<PubSubPushOptions> options, ILogger<PubSubSecurityReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.AllowUnauthenticated)
            LogUnauthenticated(logger);
        else if (settings.VerifiesTokens)
            LogVerifying(logger, settings.ServiceAccountEmail!, settings.Audience!);
        else
            LogRefusing(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Pub/Sub push: verifying OIDC tokens of {ServiceAccount} for audience {Audience}")]
    static partial void LogVerifying(ILogger logger, string serviceAccount, string audience);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Pub/Sub push: PubSub:Push:AllowUnauthenticated=true. ANYONE who can reach /webhooks/pubsub can request git workflows. " +
        "Enable authentication on the push subscription and set PubSub:Push:Audience and PubSub:Push:ServiceAccountEmail before exposing Micro.")]
    static partial void LogUnauthenticated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Pub/Sub push: not configured; /webhooks/pubsub refuses pushes until PubSub:Push:Audience and PubSub:Push:ServiceAccountEmail are set")]
    static partial void LogRefusing(ILogger logger);
}
