using Micro.GitHub;
using Microsoft.Extensions.Options;

namespace Micro.PrLock;

/// <summary>Says at start how long locks last and whether pull requests will see commit statuses, and what to set if not.</summary>
sealed partial class PrLockReport(IOptions<PrLockOptions> options, GitHubClient github, ILogger<PrLockReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        LogExpiry(logger, settings.ExpireDuration, settings.GrantTimeout, settings.Environments.Count);
        if (!github.IsConfigured)
            LogNoGitHub(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "PR locks expire {ExpireDuration} after their last change, and a lock handed over from the queue passes on unless taken up within " +
            "{GrantTimeout}; {Configured} environment(s) configured with a repository")]
    static partial void LogExpiry(ILogger logger, TimeSpan expireDuration, TimeSpan grantTimeout, int configured);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "PR locks: GitHub is not configured, so pull requests get no commit statuses. Set GitHub:Token (or GITHUB_TOKEN), or GitHub:AppId with its key.")]
    static partial void LogNoGitHub(ILogger logger);
}
