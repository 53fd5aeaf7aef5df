using MassTransit;
using Micro.Contracts.GitHub;
using Micro.Testing;
using Micro.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Rerun.Tests;

/// <summary>
/// The outage the issue measured: PostgreSQL stopped for longer than a message's retries while the rerun service consumes. Before,
/// every message consumed meanwhile went to an error queue nothing reads and those runs were never re-run; now consumption pauses and
/// what failed is kept, so every failed run is re-run once the database is back.
/// </summary>
public sealed class DatabaseOutageTests
{
    const string Repository = "acme/outage";

    [Fact]
    public async Task Failed_runs_consumed_while_PostgreSQL_is_down_are_re_run_once_it_is_back()
    {
        await using var postgres = await PrivatePostgres.Start();
        await using var github = await FakeGitHub.Start();
        await using var rerun = await TestWebHost.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Rerun"] = postgres.ConnectionString("micro_rerun"),
            ["GitHub:ApiUrl"] = github.ApiUrl.ToString(),
            ["GitHub:Token"] = FakeGitHub.Token,
            ["Rerun:Delay"] = "00:00:00",
            ["Rerun:PollInterval"] = "00:00:00.100",
            ["Messaging:RetryLimit"] = "2",
            ["Messaging:Redelivery:Delays:0"] = "00:00:01",
        }, micro => micro.Add(new RerunModule()));
        var runs = Enumerable.Range(1, 10).Select(run => 880_000L + run).ToList();
        foreach (var run in runs)
            github.SetWorkflowRun(Repository, run, "completed", "failure");

        await postgres.Stop();
        var bus = rerun.Services.GetRequiredService<IBus>();
        foreach (var run in runs)
            await bus.Publish(FailedJob(run));
        // The outage the issue measured lasted 20 s: longer than the in-place retries of every message consumed meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(20));
        await postgres.StartAgain();

        await Eventually.True(() => runs.All(run => github.Reruns.Any(rerun => rerun.RunId == run)),
            "every failed run is re-run once PostgreSQL is back", TimeSpan.FromSeconds(90));
        Assert.Equal(runs.Count, github.Reruns.Count(rerun => rerun.Repository.Equals(Repository, StringComparison.OrdinalIgnoreCase)));
    }

    static WorkflowJobEvent FailedJob(long run) => new(
        new GitHubEventOrigin(Guid.NewGuid().ToString(), new GitHubRepository(Repository, $"https://github.com/{Repository}"), null, "octocat"),
        WorkflowJobAction.Completed, run, 1, run * 10, "build", "CI", ["ubuntu-latest"], "completed", "failure", "main", "abc123");
}
