using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// When a job waiting for its runner needs something done: a launch whose token is not exchanged within the start timeout is
/// cancelled, a job still queued after the relaunch delay gets another runner up to the launch limit, and a job with no launch left
/// waiting and none left to try is given up.
/// </summary>
public sealed class LaunchPolicy(IOptionsMonitor<RunnerBrokerOptions> options, RunnerMetrics metrics)
{
    /// <summary>How often cancelling one launch is tried before it is left to the launcher's own idle timeout.</summary>
    public const int CancelAttempts = 5;

    RunnerBrokerOptions Settings => options.CurrentValue;

    public void TimeOutUnstarted(RunnerJobState job, DateTime now)
    {
        var timeout = Settings.StartTimeout;
        var late = job.Launches.Where(launch => launch.IsWaiting && launch.LaunchedAt + timeout <= now).Select(launch => launch.Number).ToHashSet();
        if (late.Count == 0)
            return;
        job.Cancel(launch => late.Contains(launch.Number), $"its token was not exchanged within {timeout}");
        metrics.TimedOut(job.Repository, late.Count);
    }

    public bool ShouldRelaunch(RunnerJobState job, DateTime now) =>
        job.Launches.Count < Settings.MaxLaunches && LastLaunch(job) + Settings.RelaunchAfter <= now;

    /// <summary>
    /// At the limit with no launch left waiting: at once when none of them started, else once the last had the relaunch delay to
    /// take the job (a runner that fetched its token may still be registering).
    /// </summary>
    public bool ShouldGiveUp(RunnerJobState job, DateTime now) =>
        job.Launches.Count >= Settings.MaxLaunches && !job.Launches.Any(launch => launch.IsWaiting)
        && (job.Launches.All(launch => launch.TokenExchangedAt is null) || LastLaunch(job) + Settings.RelaunchAfter <= now);

    public string RelaunchReason(RunnerJobState job) =>
        $"still queued {Settings.RelaunchAfter} after launch {job.Launches.Count}: launching again";

    public string GiveUpReason(RunnerJobState job) =>
        $"still queued after {job.Launches.Count} launches; no runner of ours took it";

    /// <summary>The next time the job needs looking at: the first start timeout of a waiting launch, or the next relaunch.</summary>
    public void ScheduleCheck(RunnerJobState job)
    {
        var settings = Settings;
        var times = job.Launches.Where(launch => launch.IsWaiting).Select(launch => launch.LaunchedAt + settings.StartTimeout).ToList();
        // At the limit, the relaunch time matters only once no launch is left waiting: it is when the job is given up.
        if (job.Launches.Count > 0 && (job.Launches.Count < settings.MaxLaunches || times.Count == 0))
            times.Add(LastLaunch(job) + settings.RelaunchAfter);
        job.CheckAt = times.Count > 0 ? times.Min() : null;
    }

    public bool MayTryAgain(RunnerJobState job) => job.LaunchTries < Settings.LaunchAttempts;

    /// <summary>The wait before the next try of a failed launch: doubling from the configured delay.</summary>
    public TimeSpan Backoff(RunnerJobState job) =>
        TimeSpan.FromTicks(Settings.LaunchRetryDelay.Ticks * (1L << Math.Min(job.LaunchTries - 1, 10)));

    static DateTime LastLaunch(RunnerJobState job) => job.Launches.Max(launch => launch.LaunchedAt);
}
