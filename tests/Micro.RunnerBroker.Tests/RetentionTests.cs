using System.Net;
using Micro.Contracts.GitHub;
using Micro.Testing;

namespace Micro.RunnerBroker.Tests;

public sealed class RetentionTests
{
    [Fact]
    public async Task Jobs_that_ended_longer_than_the_retention_ago_are_deleted_but_not_jobs_still_running_or_recently_ended()
    {
        await using var launcher = await FakeLauncher.Start();
        var settings = RunnerBrokerHost.WebhookLauncher(launcher);
        settings["RunnerBroker:Retention"] = "1.00:00:00";
        settings["RunnerBroker:RetentionSweepInterval"] = "00:00:00.100";
        await using var service = await RunnerBrokerHost.Start(settings);
        var events = new JobEvents();
        await service.Publish(events.Event(91, WorkflowJobAction.Queued, ["gpu"]), events.Event(92, WorkflowJobAction.Queued));
        await service.JobIn(91, "ignored");
        await service.JobIn(92, "launched");

        service.Time.Advance(TimeSpan.FromDays(2));
        await service.Publish(events.Event(93, WorkflowJobAction.Queued, ["gpu"]));
        await service.JobIn(93, "ignored");

        await Eventually.True(async () =>
        {
            using var ended = await service.Client.GetAsync("/api/runners/jobs/91");
            return ended.StatusCode == HttpStatusCode.NotFound;
        }, "the job ignored two days ago is deleted");
        await service.JobIn(92, "launched");
        await service.JobIn(93, "ignored");
    }
}
