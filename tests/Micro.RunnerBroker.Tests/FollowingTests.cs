using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Tests;

public sealed class FollowingTests
{
    static readonly JobEvents Events = new();

    static Dictionary<string, string?> Timing => new()
    {
        ["RunnerBroker:RelaunchAfter"] = "00:10:00",
        ["RunnerBroker:StartTimeout"] = "00:30:00",
        ["RunnerBroker:MaxLaunches"] = "3",
    };

    [Fact]
    public async Task A_job_still_queued_is_launched_again_up_to_the_limit_its_unstarted_runners_cancelled_then_given_up()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(Timing, launcher);
        await service.Publish(Events.Event(7, WorkflowJobAction.Queued));
        await service.JobIn(7, "launched");

        service.Time.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(300);
        Assert.Single(launcher.Launches);

        service.Time.Advance(TimeSpan.FromMinutes(2));
        await service.JobIn(7, "launched", job => job.GetProperty("launches").GetArrayLength() == 2);
        service.Time.Advance(TimeSpan.FromMinutes(11));
        var third = await service.JobIn(7, "launched", job => job.GetProperty("launches").GetArrayLength() == 3);
        Assert.StartsWith("still queued 00:10:00 after launch 2", third.Text("reason"));

        // 32 minutes after the first launch its token was never asked for: that runner is cancelled, the later ones wait on.
        service.Time.Advance(TimeSpan.FromMinutes(10));
        var afterTimeout = await service.JobIn(7, "launched", job => job.GetProperty("launches")[0].Has("cancelledAt"));
        Assert.Equal("its token was not exchanged within 00:30:00", afterTimeout.GetProperty("launches")[0].Text("cancelReason"));
        Assert.False(afterTimeout.GetProperty("launches")[2].Has("cancelReason"));

        service.Time.Advance(TimeSpan.FromMinutes(30));
        var gaveUp = await service.JobIn(7, "timed-out", job => job.GetProperty("launches").EnumerateArray().All(launch => launch.Has("cancelledAt")));
        Assert.Equal("still queued after 3 launches; no runner of ours took it", gaveUp.Text("reason"));
        Assert.Equal(3, launcher.Launches.Count);
        Assert.Equal(3, launcher.Cancels.Count);
    }

    [Fact]
    public async Task A_runner_that_asked_for_its_token_is_not_timed_out()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(Timing, launcher);
        await service.Publish(Events.Event(8, WorkflowJobAction.Queued));
        await service.JobIn(8, "launched");
        using (var exchanged = await service.Exchange(launcher.Launches[0].LauncherToken))
            Assert.True(exchanged.IsSuccessStatusCode);
        await service.JobIn(8, "launched", job => job.Has("tokenExchangedAt"));

        service.Time.Advance(TimeSpan.FromMinutes(31));
        var job = await service.JobIn(8, "launched", job => job.GetProperty("launches").GetArrayLength() == 2);

        Assert.False(job.GetProperty("launches")[0].Has("cancelReason"));
        Assert.Empty(launcher.Cancels);
    }
}
