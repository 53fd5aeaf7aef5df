using System.Data.Common;
using Micro.Testing.Fakes;

namespace Micro.Benchmarks;

/// <summary>
/// What a target did with the stream, read from its databases once the consumers have caught up and the target is stopped:
/// <list type="bullet">
/// <item>stored: every delivery answered 2xx (pings aside, which are answered and not stored) is in ingestion's delivery log;</item>
/// <item>runs decided: every workflow run whose end was accepted has a run attempt in rerun's database that was judged final
/// (<c>FinalAt</c>), and the end-to-end latency is that moment minus the 2xx of the delivery that ended the run;</item>
/// <item>PR heads: every pull request's head commit in the PR-lock service is that of its latest accepted event;</item>
/// <item>re-runs: every failed run got its <c>rerun-failed-jobs</c> call on the fake GitHub.</item>
/// </list>
/// </summary>
sealed record Consumption(
    long Stored, long StoredMissing,
    long Runs, long RunsUndecided, IReadOnlyList<double> EndToEndMs,
    long PullRequests, long PullRequestsBehind,
    long FailedRuns, long RerunsCalled, IReadOnlyList<double> RerunMs)
{
    public bool Complete => StoredMissing == 0 && RunsUndecided == 0 && PullRequestsBehind == 0 && RerunsCalled >= FailedRuns;

    /// <param name="ingestion">A query of ingestion's database; <paramref name="rerun"/> and <paramref name="prLock"/> likewise.</param>
    /// <param name="measuredFrom">Only runs ended from then on give an end-to-end latency (the warm-up's JIT is not measured).</param>
    public static async Task<Consumption> Read(WebhookStream stream, FakeGitHub gitHub, Func<string, DbCommand> ingestion, Func<string, DbCommand> rerun,
        Func<string, DbCommand> prLock, DateTime measuredFrom)
    {
        var stored = await Strings(ingestion("""SELECT "DeliveryId" FROM deliveries"""));
        var accepted = stream.Records.Where(r => r.Accepted && r.Event != "ping").Select(r => r.Id).Distinct().ToList();

        var finals = new Dictionary<(string, long), DateTime>();
        await using (var reader = await rerun("""SELECT "Repository", "RunId", "FinalAt" FROM workflow_run_attempts WHERE "RunAttempt" = 1""").ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (!reader.IsDBNull(2))
                    finals[(reader.GetString(0).ToLowerInvariant(), reader.GetInt64(1))] = AsUtc(reader.GetValue(2));
            }
        }

        var ended = stream.Runs.Where(run => run.EndAcceptedAt is not null).ToList();
        var endToEnd = new List<double>();
        long undecided = 0;
        foreach (var run in ended)
        {
            if (!finals.TryGetValue((run.Repository.ToLowerInvariant(), run.RunId), out var finalAt))
                undecided++;
            else if (run.EndAcceptedAt >= measuredFrom)
                endToEnd.Add((finalAt - run.EndAcceptedAt.Value).TotalMilliseconds);
        }

        var heads = new Dictionary<(string, long), string>();
        await using (var reader = await prLock("""SELECT "Repository", "Number", "HeadSha" FROM pull_request_heads""").ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                heads[(reader.GetString(0).ToLowerInvariant(), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture))] = reader.GetString(2);
        }

        var pullRequests = stream.PullRequests.Where(pr => pr.ExpectedHead is not null).ToList();
        var behind = pullRequests.Count(pr => heads.GetValueOrDefault((pr.Repository.ToLowerInvariant(), pr.Number)) != pr.ExpectedHead);

        var (failed, called, rerunMs) = Reruns(stream, gitHub, measuredFrom);
        return new Consumption(accepted.Count, accepted.Count(id => !stored.Contains(id.ToString("D"))), ended.Count, undecided, Sorted(endToEnd),
            pullRequests.Count, behind, failed, called, rerunMs);
    }

    /// <summary>Failed runs whose end was accepted, how many of them GitHub was asked to re-run, and how long after their end.</summary>
    public static (long Failed, long Called, IReadOnlyList<double> Ms) Reruns(WebhookStream stream, FakeGitHub gitHub, DateTime measuredFrom)
    {
        var calls = gitHub.Reruns.GroupBy(r => (r.Repository.ToLowerInvariant(), r.RunId)).ToDictionary(g => g.Key, g => g.Min(r => r.At.UtcDateTime));
        var failed = stream.Runs.Where(run => run.Failed && run.EndAcceptedAt is not null).ToList();
        var latencies = new List<double>();
        long called = 0;
        foreach (var run in failed)
        {
            if (!calls.TryGetValue((run.Repository.ToLowerInvariant(), run.RunId), out var at))
                continue;
            called++;
            if (run.EndAcceptedAt >= measuredFrom)
                latencies.Add((at - run.EndAcceptedAt!.Value).TotalMilliseconds);
        }

        return (failed.Count, called, Sorted(latencies));
    }

    static List<double> Sorted(List<double> values)
    {
        values.Sort();
        return values;
    }

    static DateTime AsUtc(object value) => value switch
    {
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        string text => DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), DateTimeKind.Utc),
        _ => throw new FormatException($"FinalAt is a {value.GetType().Name}"),
    };

    static async Task<HashSet<string>> Strings(DbCommand query)
    {
        var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }
}

/// <summary>Nearest-rank percentiles of sorted values.</summary>
static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
