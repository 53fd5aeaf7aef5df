using System.Diagnostics;
using System.Net;

namespace Micro.Benchmarks;

/// <summary>What one run measured. Latencies are of accepted (202) deliveries; everything counts requests started in the window.</summary>
sealed record RunMeasurement(
    int Clients,
    double Seconds,
    long Accepted,
    double AcceptedPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyList<Guid> AcceptedDeliveries,
    CpuSplit? Cpu)
{
    public long ErrorCount => Errors.Values.Sum();
}

/// <summary>
/// Closed-loop load: N clients, each with one delivery in flight at a time, for the warm-up and then the measured window. Kept cheap,
/// because it runs on the same cores as the system under test: one shared connection pool, the body array reused, no per-request
/// logging, samples written into preallocated per-client arrays and merged (and sorted, for exact percentiles) only at the end.
/// </summary>
static class LoadGenerator
{
    /// <summary>One delivery, which must be accepted: fails fast on a wrong secret or address instead of measuring errors.</summary>
    public static async Task Probe(Uri url, WebhookLoad load, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = timeout };
        using var request = Request(url, load, Guid.NewGuid());
        using var response = await client.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"a probe delivery to {url} was answered {(int)response.StatusCode}, not 202: {body}");
        }
    }

    public static async Task<RunMeasurement> Run(
        Uri url, WebhookLoad load, int clients, TimeSpan warmup, TimeSpan duration, TimeSpan timeout, CpuSampler? cpu,
        CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            Timeout = timeout,
        };

        var measureStart = Stopwatch.GetTimestamp() + Ticks(warmup);
        var measureEnd = measureStart + Ticks(duration);
        var states = Enumerable.Range(0, clients).Select(_ => new ClientState(clients, warmup, duration)).ToArray();
        var sampling = cpu?.Sample(measureStart, measureEnd, cancellationToken) ?? Task.FromResult<CpuSplit?>(null);
        await Task.WhenAll(states.Select(state =>
            Task.Run(() => Loop(client, url, load, state, measureStart, measureEnd, cancellationToken), CancellationToken.None)));
        var cpuSplit = await sampling;

        var latencies = new long[states.Sum(s => s.Latencies.Count)];
        var offset = 0;
        foreach (var state in states)
        {
            state.Latencies.CopyTo(latencies, offset);
            offset += state.Latencies.Count;
        }

        Array.Sort(latencies);
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (error, count) in states.SelectMany(s => s.Errors))
            errors[error] = errors.GetValueOrDefault(error) + count;

        var seconds = duration.TotalSeconds;
        return new RunMeasurement(
            clients,
            seconds,
            latencies.Length,
            latencies.Length / seconds,
            Milliseconds(Percentile(latencies, 0.50)),
            Milliseconds(Percentile(latencies, 0.90)),
            Milliseconds(Percentile(latencies, 0.99)),
            Milliseconds(latencies.Length == 0 ? -1 : latencies[^1]),
            errors,
            states.SelectMany(s => s.Accepted.Items).ToList(),
            cpuSplit);
    }

    static async Task Loop(HttpClient client, Uri url, WebhookLoad load, ClientState state, long measureStart, long measureEnd,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= measureEnd)
                return;

            var measured = started >= measureStart;
            var delivery = Guid.NewGuid();
            string? error;
            try
            {
                using var request = Request(url, load, delivery);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var elapsed = Stopwatch.GetTimestamp() - started;
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    state.Accepted.Add(delivery);
                    if (measured)
                        state.Latencies.Add(elapsed);
                    continue;
                }

                error = "HTTP " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (TaskCanceledException)
            {
                error = "timeout";
            }
            catch (HttpRequestException exception)
            {
                error = exception.HttpRequestError.ToString();
            }

            if (measured)
                state.Errors[error] = state.Errors.GetValueOrDefault(error) + 1;
        }
    }

    static HttpRequestMessage Request(Uri url, WebhookLoad load, Guid delivery)
    {
        // A fresh content object per request (a sent one is disposed with its request), over the one body array.
        var content = new ByteArrayContent(load.Body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content, Version = HttpVersion.Version11 };
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/micro-benchmark");
        request.Headers.TryAddWithoutValidation("X-GitHub-Event", WebhookLoad.Event);
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", delivery.ToString("D"));
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", load.Signature);
        return request;
    }

    static long Ticks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);

    static double Milliseconds(long ticks) => ticks < 0 ? double.NaN : ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Nearest rank on the sorted samples: the smallest latency that at least <paramref name="quantile"/> of them do not exceed.</summary>
    static long Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0 ? -1 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    sealed class ClientState(int clients, TimeSpan warmup, TimeSpan duration)
    {
        // Room for 40,000 requests/s in all (more than this machine's bare ceiling) before the first, rare, growth.
        const double ExpectedPerSecond = 40_000;

        public GrowableArray<long> Latencies { get; } = new(Capacity(duration.TotalSeconds * ExpectedPerSecond / clients));

        public GrowableArray<Guid> Accepted { get; } = new(Capacity((warmup + duration).TotalSeconds * ExpectedPerSecond / clients));

        public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);
    }

    static int Capacity(double expected) => (int)Math.Clamp(expected, 1024, 1 << 24);

    sealed class GrowableArray<T>(int capacity)
    {
        T[] items = new T[capacity];

        public int Count { get; private set; }

        public IEnumerable<T> Items => items.Take(Count);

        public void Add(T item)
        {
            if (Count == items.Length)
                Array.Resize(ref items, items.Length * 2);
            items[Count++] = item;
        }

        public void CopyTo(T[] destination, int offset) => Array.Copy(items, 0, destination, offset, Count);
    }
}
