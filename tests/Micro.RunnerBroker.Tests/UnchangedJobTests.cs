using Micro.Contracts.GitHub;
using Micro.Testing;
using Npgsql;

namespace Micro.RunnerBroker.Tests;

public sealed class UnchangedJobTests
{
    static readonly JobEvents Events = new();

    [Fact]
    public async Task Events_that_change_nothing_write_nothing_and_a_job_decided_not_to_be_served_keeps_its_decision_as_recorded()
    {
        await using var database = PostgresDatabase.Reserve("runners_unchanged");
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:RunnerBroker"] = database.ConnectionString,
        }, launcher);
        await service.PublishConsumed(
            Events.Event(131, WorkflowJobAction.Queued, ["self-hosted", "dev"]), new JobEvents("someone/else").Event(132, WorkflowJobAction.Queued),
            Events.Event(133, WorkflowJobAction.Queued), Events.Event(134, WorkflowJobAction.Completed, conclusion: "success"));
        await service.JobIn(133, "launched");
        await service.PublishConsumed(Events.Event(133, WorkflowJobAction.InProgress));
        // in_progress cancels our runner, which another runner beat to the job: that is written once it is done.
        await service.JobIn(133, "started", job => job.GetProperty("launches")[0].Has("cancelledAt"));
        var before = await RowVersions(database);

        service.Time.Advance(TimeSpan.FromMinutes(5));
        await service.PublishConsumed(
            Events.Event(131, WorkflowJobAction.InProgress, ["self-hosted", "dev"]), Events.Event(131, WorkflowJobAction.Completed, ["self-hosted", "dev"], "success"),
            new JobEvents("someone/else").Event(132, WorkflowJobAction.InProgress), new JobEvents("someone/else").Event(132, WorkflowJobAction.Completed, conclusion: "success"),
            Events.Event(133, WorkflowJobAction.InProgress), Events.Event(134, WorkflowJobAction.Completed, conclusion: "success"));

        // xmin changes with every write of a row, even one that writes the same values.
        Assert.Equal(before, await RowVersions(database));
        var ignored = await service.JobIn(131, "ignored");
        Assert.Equal(("label 'dev' is ignored", false, false), (ignored.Text("reason"), ignored.Has("startedAt"), ignored.Has("finishedAt")));
        await service.JobIn(132, "unmapped", job => !job.Has("finishedAt"));
        Assert.Single(launcher.Launches);

        // What is new is still recorded: a queued event that arrives after in_progress adds its time.
        await service.PublishConsumed(Events.Event(134, WorkflowJobAction.Queued));
        await service.JobIn(134, "finished", job => job.Has("queuedAt"));
        Assert.NotEqual(before[134], (await RowVersions(database))[134]);
    }

    static async Task<Dictionary<long, string>> RowVersions(PostgresDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("""SELECT "JobId", xmin::text FROM runner_jobs""", connection);
        await using var rows = await read.ExecuteReaderAsync();
        var versions = new Dictionary<long, string>();
        while (await rows.ReadAsync())
            versions[rows.GetInt64(0)] = rows.GetString(1);
        return versions;
    }
}
