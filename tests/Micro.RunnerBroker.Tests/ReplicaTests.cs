using System.Net;
using Micro.Contracts.GitHub;
using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.RunnerBroker.Tests;

public sealed class ReplicaTests
{
    [Fact]
    public async Task Two_replicas_on_one_PostgreSQL_database_and_RabbitMQ_launch_each_job_once_and_accept_each_others_tokens()
    {
        await using var database = PostgresDatabase.Reserve("runners_replicas");
        await using var broker = await RabbitMqVirtualHost.Create("runners-replicas");
        await using var gitHub = await FakeGitHub.Start();
        await using var launcher = await FakeLauncher.Start();
        var settings = RunnerBrokerHost.WebhookLauncher(launcher);
        settings["Database:Provider"] = "Postgres";
        settings["ConnectionStrings:RunnerBroker"] = database.ConnectionString;
        settings["Messaging:Transport"] = "RabbitMq";
        settings["ConnectionStrings:RabbitMq"] = broker.ConnectionString;
        var time = new SettableTime(RunnerBrokerHost.Start2026);
        await using var first = await RunnerBrokerHost.Start(settings, gitHub: gitHub, time: time);
        await using var second = await RunnerBrokerHost.Start(settings, gitHub: gitHub, time: time);
        // Published before a replica's queue is bound, an event would go nowhere.
        await first.Services.WaitUntilBusHealthy();
        await second.Services.WaitUntilBusHealthy();
        var events = new JobEvents();
        var jobs = Enumerable.Range(1, 10).Select(i => 800L + i).ToList();

        // Every queued event twice, once through each replica's bus, all at once.
        await Task.WhenAll(jobs.SelectMany(job => new[]
        {
            first.Publish(events.Event(job, WorkflowJobAction.Queued)), second.Publish(events.Event(job, WorkflowJobAction.Queued)),
        }));

        // The clock moves while waiting: on a busy machine a launch may fail once and be retried after its backoff.
        foreach (var job in jobs)
            await first.JobIn(job, "launched", ticking: TimeSpan.FromSeconds(1));
        Assert.Equal(jobs.Count, launcher.Starts.Count);
        foreach (var job in jobs)
            Assert.Single((await second.Job(job))!.Value.GetProperty("launches").EnumerateArray());

        // Tokens are signed with the key both replicas read from the database.
        var answers = new List<HttpStatusCode>();
        foreach (var (start, index) in launcher.Starts.Select((start, index) => (start, index)))
        {
            using var response = await (index % 2 == 0 ? first : second).Exchange(start.LauncherToken);
            answers.Add(response.StatusCode);
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
