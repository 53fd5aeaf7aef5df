using System.Diagnostics;
using System.Net;

namespace Micro.Benchmarks;

sealed record LoadResult(string Target, int Clients, double AcceptedPerSecond, double P50, double P90, double P99, double Max, long Accepted,
    IReadOnlyDictionary<string, long> Errors);

/// <summary>N clients each sending one delivery at a time for a fixed duration; a latency sample for every accepted delivery.</summary>
static class LoadGenerator
{
    public static async Task<LoadResult> Run(string target, Uri webhookUrl, BenchmarkSettings settings)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = settings.Clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        })
        { Timeout = TimeSpan.FromSeconds(30) };

        await Send(client, webhookUrl, settings.Clients, settings.Warmup);
        var stopwatch = Stopwatch.StartNew();
        var clients = await Send(client, webhookUrl, settings.Clients, settings.Duration);
        var elapsed = stopwatch.Elapsed.TotalSeconds;

        var latencies = clients.SelectMany(c => c.Latencies).Order().ToArray();
        var errors = clients.SelectMany(c => c.Errors).GroupBy(e => e).ToDictionary(g => g.Key, g => g.LongCount());
        return new LoadResult(target, settings.Clients, latencies.Length / elapsed,
            Percentile(latencies, 0.50), Percentile(latencies, 0.90), Percentile(latencies, 0.99), latencies.LastOrDefault(), latencies.Length, errors);
    }

    static async Task<ClientRecord[]> Send(HttpClient client, Uri url, int clients, TimeSpan duration)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var record = new ClientRecord();
            while (Stopwatch.GetTimestamp() < end)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(WebhookLoad.Body) };
                request.Headers.Add("X-GitHub-Event", "workflow_job");
                request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
                request.Headers.Add("X-Hub-Signature-256", WebhookLoad.Signature);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                        record.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    else
                        record.Errors.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    record.Errors.Add(exception.GetType().Name);
                }
            }

            return record;
        })));
    }

    static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    sealed class ClientRecord
    {
        public List<double> Latencies { get; } = new(100_000);

        public List<string> Errors { get; } = [];
    }
}
