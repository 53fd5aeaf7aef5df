using Micro.GitHub;
using Micro.RunnerBroker.Launching;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker;

/// <summary>Says at start which launcher starts runners (or that none does, so queued jobs are recorded as no-launcher), and what is missing.</summary>
sealed partial class RunnerBrokerReport(
    IOptions<RunnerBrokerOptions> options, IEnumerable<IRunnerLauncher> launchers, GitHubClient github, ILogger<RunnerBrokerReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!launchers.Any())
            LogNoLauncher(logger);
        else
            LogLauncher(logger, settings.Launcher ?? launchers.Last().GetType().Name, settings.TokenUrl, settings.RunnerMode, settings.StartTimeout, settings.RelaunchAfter, settings.MaxLaunches);
        if (!github.IsConfigured)
            LogNoGitHub(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Runner broker: no launcher is configured, so queued self-hosted jobs are recorded as no-launcher. Set RunnerBroker:Launcher " +
        "(Webhook with RunnerBroker:Webhook:Url or GHA_SLURM_ADDRESS, or Slurm) and RunnerBroker:TokenUrl (RUNNER_URL).")]
    static partial void LogNoLauncher(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Runner broker: runners launched with {Launcher}, fetching their {Mode} credential at {TokenUrl}; a runner not started within {StartTimeout} " +
        "is cancelled, a job still queued after {RelaunchAfter} launched again, at most {MaxLaunches} times")]
    static partial void LogLauncher(ILogger logger, string launcher, Uri? tokenUrl, RunnerMode mode, TimeSpan startTimeout, TimeSpan relaunchAfter, int maxLaunches);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Runner broker: GitHub is not configured, so launcher tokens cannot be exchanged for registration tokens. Set GitHub:Token (or GITHUB_TOKEN), or GitHub:AppId with its key.")]
    static partial void LogNoGitHub(ILogger logger);
}
