using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micro.Edge;

/// <summary>Says at start-up whether the admin API asks for a token, loudly when it does not.</summary>
sealed partial class EdgeSecurityReport(IOptions<EdgeOptions> options, ILogger<EdgeSecurityReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RequiresApiToken)
            LogProtected(logger, options.Value.ApiTokens.Count);
        else
            LogOpen(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin API (/api/**): bearer token required ({Count} configured)")]
    static partial void LogProtected(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Admin API (/api/**) is OPEN: no token configured. Set Gateway:ApiTokens:0 (or MICRO_API_TOKEN) before exposing Micro.")]
    static partial void LogOpen(ILogger logger);
}
