using Micro.Messaging;
using Micro.Persistence.Database;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Micro.Standalone;

/// <summary>Tells a newcomer, once the host listens, where Micro is, where its data lives and what is not configured yet.</summary>
sealed partial class StandaloneReport(
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<DatabaseOptions> database,
    IOptions<MessagingOptions> messaging,
    IConfiguration configuration,
    ILogger<StandaloneReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    void Report()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        LogReady(logger, string.Join(", ", addresses), messaging.Value.Transport, database.Value.Provider, Path.GetFullPath(database.Value.DataDirectory));

        foreach (var missing in NotConfigured())
            LogNotConfigured(logger, missing);
    }

    IEnumerable<string> NotConfigured()
    {
        if (configuration.GetSection("GitHub:WebhookSecrets").GetChildren().All(child => string.IsNullOrWhiteSpace(child.Value))
            && string.IsNullOrWhiteSpace(configuration["GITHUB_WEBHOOK_SECRET"]))
        {
            yield return "GitHub webhook secret (GitHub:WebhookSecrets:0 or GITHUB_WEBHOOK_SECRET): deliveries are accepted unsigned";
        }

        if (configuration.GetSection("Gateway:ApiTokens").GetChildren().All(child => string.IsNullOrWhiteSpace(child.Value))
            && string.IsNullOrWhiteSpace(configuration["MICRO_API_TOKEN"]))
        {
            yield return "API tokens (Gateway:ApiTokens:0 or MICRO_API_TOKEN): /api/** is open to anyone who can reach this port";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Micro standalone is ready on {Addresses} ({Transport} bus, {Provider} data in {DataDirectory})")]
    static partial void LogReady(ILogger logger, string addresses, MessageTransport transport, DatabaseProvider provider, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not configured: {Setting}")]
    static partial void LogNotConfigured(ILogger logger, string setting);
}

static class StandaloneReportExtensions
{
    public static IHostApplicationBuilder AddStandaloneReport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<StandaloneReport>();
        return builder;
    }
}
