using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micro.ServiceDefaults;

/// <summary>Says at start-up whether the service's API answers only the gateway, loudly when it answers anyone.</summary>
sealed partial class InternalCallersReport(IOptions<InternalCallerOptions> options, ILogger<InternalCallersReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.IsConfigured)
            LogGatewayOnly(logger);
        else
            LogAnyCaller(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "API (/api/**): answered only with the gateway's internal secret (Internal:Token)")]
    static partial void LogGatewayOnly(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "API (/api/**) answers ANY caller that reaches this service: no internal secret configured. Set Internal:Token (or " +
        "MICRO_INTERNAL_TOKEN) to the same value on the gateway and every service.")]
    static partial void LogAnyCaller(ILogger logger);
}
