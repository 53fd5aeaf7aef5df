using Micro.Contracts.GitHub;
using Micro.Testing;

namespace Micro.RunnerBroker.Tests;

public sealed class OrderingTests
{
    static readonly JobEvents Events = new();

    [Fact]
    public async Task Repeated_and_late_events_never_launch_twice_or_for_a_job_already_running_or_finished()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(launcher: launcher);

        // 1: the same queued delivery three times; 2: in_progress before queued; 3: completed before queued; 4: waiting, then queued.
        await service.Publish(
            Events.Event(1, WorkflowJobAction.Queued), Events.Event(1, WorkflowJobAction.Queued), Events.Event(1, WorkflowJobAction.Queued),
            Events.Event(2, WorkflowJobAction.InProgress), Events.Event(3, WorkflowJobAction.Completed, conclusion: "success"),
            Events.Event(4, WorkflowJobAction.Waiting));
        await service.JobIn(1, "launched");
        await service.JobIn(2, "started");
        await service.JobIn(3, "finished");
        await service.JobIn(4, "waiting");
        await service.Publish(Events.Event(2, WorkflowJobAction.Queued), Events.Event(3, WorkflowJobAction.Queued), Events.Event(4, WorkflowJobAction.Queued),
            Events.Event(1, WorkflowJobAction.Queued));

        await service.JobIn(4, "launched");
        await service.JobIn(2, "started", job => job.Has("queuedAt"));
        await service.JobIn(3, "finished", job => job.Has("queuedAt"));
        Assert.Equal([1, 4], launcher.Launches.Select(launch => launch.JobId).Order());
        Assert.Single((await service.Job(1))!.Value.GetProperty("launches").EnumerateArray());
    }

    [Fact]
    public async Task A_job_taken_by_another_runner_cancels_our_waiting_runner_and_a_cancelled_job_cancels_every_runner()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(launcher: launcher);
        await service.Publish(Events.Event(5, WorkflowJobAction.Queued), Events.Event(6, WorkflowJobAction.Queued));
        await service.JobIn(5, "launched");
        await service.JobIn(6, "launched");

        await service.Publish(Events.Event(5, WorkflowJobAction.InProgress), Events.Event(6, WorkflowJobAction.Completed, conclusion: "cancelled"));

        var started = await service.JobIn(5, "started", job => job.GetProperty("launches")[0].Has("cancelledAt"));
        var cancelled = await service.JobIn(6, "finished", job => job.GetProperty("launches")[0].Has("cancelledAt"));
        Assert.Equal("another runner took the job", started.GetProperty("launches")[0].Text("cancelReason"));
        Assert.Equal("the job was cancelled before it started", cancelled.GetProperty("launches")[0].Text("cancelReason"));
        Assert.Equal(2, launcher.Cancels.Count);
        Assert.Equal(launcher.Launches.Count, launcher.Cancels.Select(c => c.ExternalId).Distinct().Count());
    }
}
