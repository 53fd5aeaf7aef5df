using System.Text.Json;
using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Tests;

public sealed class DecisionTests
{
    static readonly JobEvents Mapped = new();

    [Fact]
    public async Task Queued_jobs_are_decided_by_labels_and_mapping_and_launched_on_the_partition_their_labels_choose()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(launcher: launcher);
        (long Job, JobEvents Events, string[] Labels, string State, string Reason, string? Partition)[] table =
        [
            (101, Mapped, ["self-hosted", "linux"], "launched", "launching as alice on partition gha", "gha"),
            (102, Mapped, ["self-hosted", "linux-32GB"], "launched", "launching as alice on partition 32GBRAM", "32GBRAM"),
            (103, Mapped, ["my-self-hosted-pool"], "launched", "launching as alice on partition gha", "gha"),
            (104, Mapped, ["self-hosted", "dev"], "ignored", "label 'dev' is ignored", null),
            (105, Mapped, ["linux", "gpu"], "ignored", "no label contains 'self-hosted'", null),
            (106, new JobEvents("someone/else"), ["self-hosted"], "unmapped", "someone/else is not mapped to a launcher user", null),
        ];

        foreach (var row in table)
            await service.Publish(row.Events.Event(row.Job, WorkflowJobAction.Queued, row.Labels));

        foreach (var row in table)
        {
            var job = await service.JobIn(row.Job, row.State);
            Assert.Equal((row.Reason, row.Partition), (job.Text("reason"), job.Text("partition")));
        }

        Assert.Equal([101, 102, 103], launcher.Launches.Select(launch => launch.JobId).Order());
        var large = launcher.Launches.Single(launch => launch.JobId == 102);
        Assert.Equal(("32GBRAM", RunnerBrokerHost.User, "https://github.com/Codertocat/Hello-World", RunnerBrokerHost.TokenUrl),
            (large.Partition, large.LauncherUser, large.RepositoryUrl.ToString(), large.TokenUrl.ToString()));
        Assert.Equal(["self-hosted", "linux-32GB"], large.Labels);
    }

    [Fact]
    public async Task Configured_label_and_partition_rules_replace_the_defaults()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?>
        {
            ["RunnerBroker:Labels:Ignore:0"] = "experimental",
            ["RunnerBroker:Labels:Require:0"] = "slurm",
            ["RunnerBroker:Partitions:0:Contains"] = "gpu",
            ["RunnerBroker:Partitions:0:Partition"] = "GPU",
            ["RunnerBroker:DefaultPartition"] = "batch",
        }, launcher);

        await service.Publish(
            Mapped.Event(201, WorkflowJobAction.Queued, ["slurm", "gpu"]),
            Mapped.Event(202, WorkflowJobAction.Queued, ["slurm-32gb"]),
            Mapped.Event(203, WorkflowJobAction.Queued, ["slurm", "experimental"]),
            Mapped.Event(204, WorkflowJobAction.Queued, ["self-hosted", "dev"]));

        Assert.Equal("GPU", (await service.JobIn(201, "launched")).Text("partition"));
        Assert.Equal("batch", (await service.JobIn(202, "launched")).Text("partition"));
        Assert.Equal("label 'experimental' is ignored", (await service.JobIn(203, "ignored")).Text("reason"));
        Assert.Equal("no label contains 'slurm'", (await service.JobIn(204, "ignored")).Text("reason"));
    }

    [Fact]
    public async Task Without_a_launcher_a_mapped_self_hosted_job_is_recorded_as_no_launcher()
    {
        await using var service = await RunnerBrokerHost.Start();
        await service.Publish(Mapped.Event(301, WorkflowJobAction.Queued));

        var job = await service.JobIn(301, "no-launcher");
        Assert.Equal(JsonValueKind.Array, job.GetProperty("launches").ValueKind);
        Assert.Equal(0, job.GetProperty("launches").GetArrayLength());
    }
}
