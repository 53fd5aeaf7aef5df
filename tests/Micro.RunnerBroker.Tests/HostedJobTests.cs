using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Tests;

public sealed class HostedJobTests
{
    static readonly JobEvents Events = new();

    [Fact]
    public async Task Jobs_for_GitHub_hosted_runners_are_not_recorded_while_jobs_that_may_be_meant_for_ours_are_with_the_reason()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(launcher: launcher);

        await service.PublishConsumed(
            Events.Event(111, WorkflowJobAction.Queued, ["ubuntu-latest"]), Events.Event(111, WorkflowJobAction.InProgress, ["ubuntu-latest"]),
            Events.Event(111, WorkflowJobAction.Completed, ["ubuntu-latest"], "success"),
            Events.Event(112, WorkflowJobAction.Queued, ["Windows-2022"]), Events.Event(113, WorkflowJobAction.Completed, ["macos-14"], "failure"),
            // No hosted runner's name either: perhaps a self-hosted pool whose workflow forgot the label, so the operator sees why.
            Events.Event(114, WorkflowJobAction.Queued, ["linux", "gpu"]),
            Events.Event(115, WorkflowJobAction.Queued, ["ubuntu-latest", "dev"]),
            // A required label wins over a hosted runner's name.
            Events.Event(116, WorkflowJobAction.Queued, ["self-hosted", "ubuntu-22.04"]));

        foreach (var hosted in new[] { 111, 112, 113 })
            Assert.Null(await service.Job(hosted));
        Assert.Equal("no label contains 'self-hosted'", (await service.JobIn(114, "ignored")).Text("reason"));
        Assert.Equal("label 'dev' is ignored", (await service.JobIn(115, "ignored")).Text("reason"));
        await service.JobIn(116, "launched");
        Assert.Equal([116], launcher.Launches.Select(launch => launch.JobId));
    }

    [Fact]
    public async Task The_hosted_runner_labels_are_configurable_and_an_empty_entry_records_every_job()
    {
        await using (var own = await RunnerBrokerHost.Start(new Dictionary<string, string?> { ["RunnerBroker:Labels:Hosted:0"] = "cloud-*" }))
        {
            await own.PublishConsumed(Events.Event(121, WorkflowJobAction.Queued, ["cloud-large"]), Events.Event(122, WorkflowJobAction.Queued, ["ubuntu-latest"]));

            Assert.Null(await own.Job(121));
            await own.JobIn(122, "ignored");
        }

        await using var every = await RunnerBrokerHost.Start(new Dictionary<string, string?> { ["RunnerBroker:Labels:Hosted:0"] = "" });
        await every.PublishConsumed(Events.Event(123, WorkflowJobAction.Queued, ["ubuntu-latest"]));

        Assert.Equal("no label contains 'self-hosted'", (await every.JobIn(123, "ignored")).Text("reason"));
    }
}
