using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Tests;

/// <summary>A queued job is launched for as soon as its saga has decided so, not at the dispatcher's next poll.</summary>
public sealed class LaunchWakeTests
{
    [Fact]
    public async Task A_queued_job_is_launched_at_once_with_the_next_poll_five_minutes_away()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?> { ["RunnerBroker:PollInterval"] = "00:05:00" }, launcher);
        var jobs = new JobEvents();
        // The first job may be found by the dispatcher's first round at start; once it is launched, that round is over.
        await service.Publish(jobs.Event(301, WorkflowJobAction.Queued, ["self-hosted", "linux"]));
        await service.JobIn(301, "launched");

        await service.Publish(jobs.Event(302, WorkflowJobAction.Queued, ["self-hosted", "linux"]));

        await service.JobIn(302, "launched");
        Assert.Equal([301, 302], launcher.Launches.Select(launch => launch.JobId).Order());
    }
}
