using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Micro.Testing;

namespace Micro.EndToEnd.Tests;

/// <summary>
/// The standalone host keeps the promise of a 2xx too, although its bus lives in memory: killed with SIGKILL while failed jobs pour
/// in, then started again on the same data, it brings every accepted delivery to the rerun service.
/// </summary>
public sealed class StandaloneCrashTests : IAsyncLifetime
{
    readonly string workingDirectory = Directory.CreateTempSubdirectory("micro-standalone-crash-").FullName;
    readonly JsonNode payload = JsonNode.Parse(Fixtures.Read("octokit-webhooks", "split", "workflow_job", "completed.failure.with-organization.payload.json"))!;

    static string Assembly => $"services/Standalone/Micro.Standalone/bin/{ServiceProcess.BuildConfiguration}/net10.0/Micro.Standalone.dll";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(workingDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_failed_job_accepted_before_a_SIGKILL_reaches_rerun_after_the_restart()
    {
        var accepted = new ConcurrentDictionary<long, byte>();
        var nextRun = 7_000_000L;
        var micro = await ServiceProcess.Start(Assembly, new Dictionary<string, string>(), workingDirectory);
        using (var stop = new CancellationTokenSource())
        {
            var senders = Enumerable.Range(0, 32)
                .Select(_ => Task.Run(() => SendUntilStopped(micro.Client, () => Interlocked.Increment(ref nextRun), accepted, stop.Token)))
                .ToList();
            try
            {
                await Eventually.True(() => accepted.Count >= 300, "failed jobs are accepted");
            }
            finally
            {
                // SIGKILL, in the middle of the stream: no shutdown hooks, queued in-memory messages gone.
                await micro.DisposeAsync();
                await stop.CancelAsync();
                await Task.WhenAll(senders);
            }
        }

        await using var restarted = await ServiceProcess.Start(Assembly, new Dictionary<string, string>(), workingDirectory);
        var repository = payload["repository"]!["full_name"]!.GetValue<string>();
        await Eventually.True(async () =>
        {
            var runs = await restarted.Client.GetFromJsonAsync<JsonElement>($"/api/rerun/runs?repository={repository}&limit=500");
            var recorded = runs.GetProperty("attempts").EnumerateArray().Select(attempt => attempt.GetProperty("runId").GetInt64()).ToHashSet();
            return accepted.Keys.All(recorded.Contains);
        }, $"each of the {accepted.Count} accepted failed jobs is in rerun's records", TimeSpan.FromSeconds(90));
    }

    async Task SendUntilStopped(HttpClient client, Func<long> nextRun, ConcurrentDictionary<long, byte> accepted, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && accepted.Count < 450)
        {
            var run = nextRun();
            var body = Encoding.UTF8.GetBytes(FailedJob(run));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-GitHub-Event", "workflow_job");
            request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
            try
            {
                using var response = await client.SendAsync(request, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Accepted)
                    accepted[run] = 0;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or ObjectDisposedException)
            {
                // Killed: what was not answered 202 was not accepted, as GitHub would see it.
                return;
            }
        }
    }

    string FailedJob(long run)
    {
        lock (payload)
        {
            payload["workflow_job"]!["run_id"] = run;
            payload["workflow_job"]!["id"] = run * 10;
            return payload.ToJsonString();
        }
    }
}
