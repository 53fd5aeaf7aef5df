using Micro.GitHub;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Recovery;

/// <summary>
/// Runs a recovery pass every <see cref="WebhookRecoveryOptions.Interval"/> when <c>GitHub:WebhookRecovery:Enabled</c>, and says at
/// start what it watches. Passes of one process never overlap, and replicas take turns (<see cref="RecoveryPassClaims"/>); should
/// two still redeliver one event, the delivery log keeps it once, keyed by its guid.
/// </summary>
sealed partial class RecoveryLoop(
    DeliveryRecovery recovery,
    RecoveryPassClaims claims,
    GitHubClient github,
    IOptions<WebhookRecoveryOptions> options,
    TimeProvider clock,
    ILogger<RecoveryLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
            return;

        if (!github.IsConfigured)
        {
            LogNoGitHub(logger);
            return;
        }

        LogWatching(logger, string.Join("; ", settings.Hooks.Select(hook => hook.ToHook())), settings.Interval, settings.LookBack, settings.MaxPerPass);
        using var timer = new PeriodicTimer(settings.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (!await claims.TryClaim(settings.Interval, stoppingToken))
                    continue;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogClaimFailed(logger, exception.GetType().Name, exception.Message);
                continue;
            }

            var redelivered = await recovery.RecoverOnce(stoppingToken);
            if (redelivered > 0)
                LogPassDone(logger, redelivered);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook recovery skipped a pass: the delivery log is unavailable ({Error}: {Reason})")]
    static partial void LogClaimFailed(ILogger logger, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Webhook recovery: every {Interval}, failed deliveries of the last {LookBack} that Micro does not have are redelivered (at most {MaxPerPass} a pass) from {Hooks}")]
    static partial void LogWatching(ILogger logger, string hooks, TimeSpan interval, TimeSpan lookBack, int maxPerPass);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook recovery: GitHub accepted {Count} redeliveries this pass")]
    static partial void LogPassDone(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Webhook recovery is enabled but GitHub is not configured, so no delivery is recovered. Set GitHub:Token (or GITHUB_TOKEN) with " +
        "write access to the hooks' webhooks, or GitHub:AppId with its key.")]
    static partial void LogNoGitHub(ILogger logger);
}
