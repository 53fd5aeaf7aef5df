using System.Net.Http.Json;
using System.Text.Json;
using Micro.Testing;
using Xunit.Abstractions;

namespace Micro.Rerun.Tests;

/// <summary>Exactly once where it counts: real RabbitMQ and PostgreSQL, two replicas competing for the events.</summary>
public sealed class ReplicatedStormTests(ITestOutputHelper output)
{
    const int Runs = 200;

    [Fact]
    public async Task A_storm_of_duplicated_reordered_and_replayed_deliveries_re_runs_each_failed_attempt_exactly_once()
    {
        await using var micro = await ReplicatedMicro.Start();
        var repository = RerunApiCalls.NewRepository("storm");
        var runs = Enumerable.Range(0, Runs).Select(i => new StormRun(new RunWebhooks(repository, 90_000 + i), (Outcome)(i % 4))).ToList();
        foreach (var run in runs)
            micro.GitHub.SetWorkflowRun(repository, run.Webhooks.RunId, "in_progress");

        var random = new Random(20261123);
        var deliveries = runs.SelectMany(run => run.Events())
            .SelectMany(webhook => new[] { (webhook, Guid.NewGuid().ToString()), (webhook, Guid.NewGuid().ToString()) })
            .ToList();
        var published = deliveries.Count;
        // GitHub's own redeliveries repeat the delivery id; ingestion answers them as duplicates and publishes nothing.
        deliveries.AddRange(deliveries.Where((_, i) => i % 10 == 0).ToList());
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deliveries));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (delivery, _) => await micro.Ingestion.Deliver(delivery.Item1, delivery.Item2));
        output.WriteLine($"{deliveries.Count} deliveries sent in {clock.Elapsed}");
        // Only now has every job of every run finished, as far as GitHub is concerned.
        foreach (var run in runs)
            micro.GitHub.Finished(run.Webhooks, run.RunConclusion);

        await Eventually.True(() => micro.Consumed.Sum() >= published, "every published event was consumed", TimeSpan.FromSeconds(60));
        await Eventually.True(async () => (await Attempts(micro.Replicas[0], repository)).All(attempt => attempt.State is "settled" or "decided"),
            "every attempt has a decision", TimeSpan.FromSeconds(60));

        output.WriteLine($"every event consumed ({string.Join(" + ", micro.Consumed)}) and every attempt decided after {clock.Elapsed}");

        // An operator replays deliveries from the log afterwards: published again under new message ids, they change nothing.
        var replayed = deliveries.Where((_, i) => i % 60 == 0).Select(delivery => delivery.Item2).Distinct().ToList();
        foreach (var deliveryId in replayed)
            (await micro.Ingestion.PostAsync($"/api/ingestion/deliveries/{deliveryId}/replay", null)).EnsureSuccessStatusCode();
        await Eventually.True(() => micro.Consumed.Sum() >= published + replayed.Count, "every replayed event was consumed");

        var decisions = (await Attempts(micro.Replicas[1], repository)).ToDictionary(attempt => attempt.RunId, attempt => attempt.Decision);
        Assert.Equal(Runs, decisions.Count);
        foreach (var run in runs)
        {
            var expected = run.Fails ? "rerun-requested" : "no-failure";
            Assert.True(expected == decisions[run.Webhooks.RunId], $"run {run.Webhooks.RunId} ({run.Outcome}): {decisions[run.Webhooks.RunId]}");
            Assert.Equal(run.Fails ? 1 : 0, micro.GitHub.RerunRequests(repository, run.Webhooks.RunId));
        }

        Assert.Equal(runs.Count(run => run.Fails), micro.GitHub.Reruns.Count(rerun => rerun.Repository == repository));
        Assert.All(micro.Consumed, consumed => Assert.True(consumed > 0, $"each replica took part: {string.Join(", ", micro.Consumed)}"));
    }

    static async Task<List<(long RunId, string State, string Decision)>> Attempts(HttpClient replica, string repository)
    {
        var list = await replica.GetFromJsonAsync<JsonElement>($"/api/rerun/runs?repository={repository}&limit=500");
        return list.GetProperty("attempts").EnumerateArray()
            .Select(attempt => (attempt.GetProperty("runId").GetInt64(), attempt.GetProperty("state").GetString()!, attempt.GetProperty("decision").GetString()!))
            .ToList();
    }

    enum Outcome
    {
        FailedJob,
        Green,
        CancelledJob,
        FailedAndTimedOut,
    }

    sealed record StormRun(RunWebhooks Webhooks, Outcome Outcome)
    {
        public bool Fails => Outcome is Outcome.FailedJob or Outcome.FailedAndTimedOut;

        public string RunConclusion => Fails ? "failure" : Outcome == Outcome.CancelledJob ? "cancelled" : "success";

        public IEnumerable<Webhook> Events()
        {
            var conclusions = Outcome switch
            {
                Outcome.FailedJob => new[] { "success", "failure", "success" },
                Outcome.Green => ["success", "success", "skipped"],
                Outcome.CancelledJob => ["success", "cancelled", "success"],
                _ => ["timed_out", "success", "failure"],
            };
            return [.. Webhooks.Jobs(conclusions.Select((conclusion, i) => ((long)(Webhooks.RunId * 10 + i), conclusion)).ToArray()),
                Webhooks.RunCompleted(RunConclusion)];
        }
    }
}
