using System.Text.RegularExpressions;
using Micro.Testing;

namespace Micro.Rerun.Tests;

/// <summary>What GitHub sends is not bounded by Micro's columns: a large matrix must still be decided, on PostgreSQL, which enforces them.</summary>
public sealed class BoundedTextTests
{
    const int Shards = 80;

    [Fact]
    public async Task An_80_job_failed_matrix_with_long_names_is_decided_and_re_run_on_PostgreSQL()
    {
        await using var micro = await ReplicatedMicro.Start(replicaCount: 1);
        var run = new RunWebhooks(RerunApiCalls.NewRepository("matrix"), 7201);
        micro.GitHub.Finished(run);
        var shards = Enumerable.Range(1, Shards).Select(shard => (Id: (long)shard, Name: $"build (ubuntu-22.04, node-20, shard {shard}/{Shards})")).ToList();

        // Every job queued before any completes, so that the attempt is final only with the last completion.
        await micro.Ingestion.DeliverAll(shards.Select(shard => run.Queued(shard.Id, shard.Name)));
        await Eventually.True(() => micro.Consumed.Sum() == Shards, "every job was seen queued");
        await micro.Ingestion.DeliverAll(shards.Select(shard => run.Completed(shard.Id, "failure", shard.Name)));

        var decided = await micro.Replicas[0].Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-requested", decided.Decision());
        var reason = decided.Reason();
        var named = Regex.Match(reason, @"^failed jobs: (?:build \(ubuntu-22\.04, node-20, shard \d+/80\)(?:, )?)+ … and (?<more>\d+) more; GitHub accepted the re-run of the failed jobs$");
        Assert.True(named.Success, reason);
        Assert.Equal(Shards, Regex.Count(reason, @"shard \d+/80") + int.Parse(named.Groups["more"].Value));
        Assert.True(reason.Length <= 2000, $"the reason is {reason.Length} characters");
        Assert.Equal(Shards, decided.GetProperty("jobs").GetArrayLength());
        Assert.Single(micro.GitHub.Reruns);
    }
}
