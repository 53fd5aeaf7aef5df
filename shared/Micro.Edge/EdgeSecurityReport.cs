using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micro.Edge;

/// <summary>Says at start-up how the API is guarded, loudly when it is open or admin actions cannot be done.</summary>
sealed partial class EdgeSecurityReport(IOptions<EdgeOptions> options, ApiAccess access, ILogger<EdgeSecurityReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var adminActions = string.Join(", ", AdminActions.Routes.Select(route => route.Description));
        switch (access.Mode)
        {
            case ApiAccessMode.Tokens:
                LogProtected(logger, settings.ApiTokens.Count, settings.AdminTokens.Count);
                if (settings.AdminTokens.Count == 0)
                    LogNoAdmin(logger, adminActions);
                break;
            case ApiAccessMode.OpenByChoice:
                LogOpenByChoice(logger, adminActions);
                break;
            case ApiAccessMode.OpenOnLoopback:
                LogOpenOnLoopback(logger, string.Join(", ", access.Addresses), adminActions);
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message =
        "API (/api/**): bearer token required ({PipelineCount} pipeline token(s), {AdminCount} admin token(s) configured)")]
    static partial void LogProtected(ILogger logger, int pipelineCount, int adminCount);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "No admin token configured (Gateway:AdminTokens:0 or MICRO_ADMIN_TOKEN): admin actions are refused with 403 ({AdminActions})")]
    static partial void LogNoAdmin(ILogger logger, string adminActions);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Admin API (/api/**) is OPEN: no token configured and Gateway:AllowAnonymousApi=true. Admin actions are open too ({AdminActions}). " +
        "Set Gateway:ApiTokens:0 (or MICRO_API_TOKEN) and Gateway:AdminTokens:0 (or MICRO_ADMIN_TOKEN) before exposing Micro.")]
    static partial void LogOpenByChoice(ILogger logger, string adminActions);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Admin API (/api/**) is OPEN on loopback only ({Addresses}): no token configured. Admin actions are open too ({AdminActions}). " +
        "Set Gateway:ApiTokens:0 (or MICRO_API_TOKEN) and Gateway:AdminTokens:0 (or MICRO_ADMIN_TOKEN) before listening on another address; " +
        "without them the host refuses to start there.")]
    static partial void LogOpenOnLoopback(ILogger logger, string addresses, string adminActions);
}
