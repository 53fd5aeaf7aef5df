using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.Rerun.CircleCi.Tests.Service;

/// <summary>Two replicas of the rerun service on one PostgreSQL database and RabbitMQ, as deployed.</summary>
public sealed class ReplicatedCircleCiRerunTests
{
    [Fact]
    public async Task Many_concurrent_triggers_on_two_replicas_make_exactly_one_circleci_rerun()
    {
        await using var gitHub = await FakeGitHub.Start();
        await using var circleCi = await FakeCircleCi.Start();
        gitHub.SetBranches("acme/core-api", "master", "release/1.4");
        circleCi.AddWorkflow(circleCi.AddPipeline("gh/acme/core-api", "release/1.4"), "deploy_staging", "failed");
        // CircleCI takes a while to list the new workflow: every trigger in that window would rerun again without the saga.
        circleCi.RerunVisibleAfterListCalls = 20;
        await using var database = PostgresDatabase.Reserve("circleci_reruns");
        await using var broker = await RabbitMqVirtualHost.Create("circleci-reruns");
        await using var first = await RerunService.Replica(gitHub, circleCi, database.ConnectionString, broker.ConnectionString);
        await using var second = await RerunService.Replica(gitHub, circleCi, database.ConnectionString, broker.ConnectionString);

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(index => (index % 2 == 0 ? first : second).Request()));
        var done = await Task.WhenAll(ids.Select(id => (id.GetHashCode() % 2 == 0 ? first : second).Completed(id)));

        var rerun = Assert.Single(circleCi.Reruns);
        Assert.Equal(1, done.Count(view => view.Outcome == "rerun-requested"));
        Assert.All(done.Where(view => view.Outcome != "rerun-requested"), view =>
            Assert.Equal(("coalesced", rerun.NewWorkflowId), (view.Outcome, view.RerunWorkflowId)));
    }

    [Fact]
    public async Task Turns_given_again_by_both_sweepers_while_the_rerun_call_is_slow_make_one_rerun()
    {
        await using var gitHub = await FakeGitHub.Start();
        await using var circleCi = await FakeCircleCi.Start();
        gitHub.SetBranches("acme/core-api", "master", "release/1.4");
        circleCi.AddWorkflow(circleCi.AddPipeline("gh/acme/core-api", "release/1.4"), "deploy_staging", "failed");
        // CircleCI takes its time answering, and listing the new workflow; meanwhile both sweepers give the turn again and again.
        circleCi.RerunAnswerDelay = TimeSpan.FromSeconds(2);
        circleCi.RerunVisibleAfterListCalls = 20;
        var settings = new Dictionary<string, string?> { ["Rerun:CircleCi:ExecutionTimeout"] = "00:00:00.100" };
        await using var database = PostgresDatabase.Reserve("circleci_reruns");
        await using var broker = await RabbitMqVirtualHost.Create("circleci-reruns");
        await using var first = await RerunService.Replica(gitHub, circleCi, database.ConnectionString, broker.ConnectionString, settings);
        await using var second = await RerunService.Replica(gitHub, circleCi, database.ConnectionString, broker.ConnectionString, settings);

        var done = await second.Completed(await first.Request());

        var rerun = Assert.Single(circleCi.Reruns);
        Assert.Equal(("rerun-requested", rerun.NewWorkflowId), (done.Outcome, done.RerunWorkflowId));
    }
}
