using System.Diagnostics;
using System.Net;

namespace Micro.Benchmarks;

/// <summary>What one run measured. Latencies are of accepted (2xx) deliveries; everything counts requests started in the window.</summary>
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
    CpuSplit? Cpu)
{
    public long ErrorCount => Errors.Values.Sum();
}

/// <summary>
/// Closed-loop load: N clients, each with one delivery in flight at a time, for a given time (the warm-up is a run of its own). Kept cheap,
/// because it runs on the same cores as the system under test: one shared connection pool, the body array reused, no per-request
/// logging, samples written into preallocated per-client arrays and merged (and sorted, for exact percentiles) only at the end.
/// </summary>
static class LoadGenerator
{
    /// <summary>A signed ping, which must be answered 2xx: fails fast on a wrong secret or address instead of measuring errors.</summary>
    public static async Task Probe(Uri url, Delivery ping, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = timeout };
        using var request = Request(url, ping);
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"a signed ping to {url} was answered {(int)response.StatusCode}, not 2xx: {body}");
        }
    }

    public static async Task<RunMeasurement> Run(
        Uri url, WebhookStream stream, int clients, double rate, TimeSpan duration, TimeSpan timeout, CpuSampler? cpu,
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

        var measureStart = Stopwatch.GetTimestamp();
        var measureEnd = measureStart + Ticks(duration);
        var states = Enumerable.Range(0, clients).Select(_ => new ClientState(clients, duration)).ToArray();
        var pace = rate > 0 ? new Pace(Stopwatch.GetTimestamp(), rate) : null;
        var sampling = cpu?.Sample(measureStart, measureEnd, cancellationToken) ?? Task.FromResult<CpuSplit?>(null);
        await Task.WhenAll(states.Select(state =>
            Task.Run(() => Loop(client, url, stream, pace, state, measureEnd, cancellationToken), CancellationToken.None)));
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
            cpuSplit);
    }

    static async Task Loop(HttpClient client, Uri url, WebhookStream stream, Pace? pace, ClientState state, long measureEnd,
        CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (pace is not null && !await pace.WaitTurn(measureEnd, cancellationToken))
                return;

            var started = Stopwatch.GetTimestamp();
            if (started >= measureEnd)
                return;

            var delivery = stream.Next();
            string? error;
            try
            {
                using var request = Request(url, delivery);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var elapsed = Stopwatch.GetTimestamp() - started;
                delivery.Record.Status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    delivery.Record.AcceptedAt = DateTime.UtcNow;
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

            state.Errors[error] = state.Errors.GetValueOrDefault(error) + 1;
        }
    }

    static HttpRequestMessage Request(Uri url, Delivery delivery)
    {
        var content = new ByteArrayContent(delivery.Body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content, Version = HttpVersion.Version11 };
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/micro-benchmark");
        request.Headers.TryAddWithoutValidation("X-GitHub-Event", delivery.Event);
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", delivery.Record.Id.ToString("D"));
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", delivery.Signature);
        return request;
    }

    /// <summary>An open loop: request number n is due n/rate seconds after the start, whichever client is free to send it.</summary>
    sealed class Pace(long start, double rate)
    {
        long issued;

        /// <summary>Waits for the next free slot; false once that slot is past the end of the run.</summary>
        public async Task<bool> WaitTurn(long end, CancellationToken cancellationToken)
        {
            var due = start + (long)(Interlocked.Increment(ref issued) * Stopwatch.Frequency / rate);
            if (due >= end)
                return false;
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait, cancellationToken);
            return true;
        }
    }

    static long Ticks(TimeSpan time) => (long)(time.TotalSeconds * Stopwatch.Frequency);

    static double Milliseconds(long ticks) => ticks < 0 ? double.NaN : ticks * 1000.0 / Stopwatch.Frequency;

    /// <summary>Nearest rank on the sorted samples: the smallest latency that at least <paramref name="quantile"/> of them do not exceed.</summary>
    static long Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0 ? -1 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    sealed class ClientState(int clients, TimeSpan duration)
    {
        // Room for 40,000 requests/s in all (more than this machine's bare ceiling) before the first, rare, growth.
        const double ExpectedPerSecond = 40_000;

        public GrowableArray<long> Latencies { get; } = new(Capacity(duration.TotalSeconds * ExpectedPerSecond / clients));

        public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);
    }

    static int Capacity(double expected) => (int)Math.Clamp(expected, 1024, 1 << 24);

    sealed class GrowableArray<T>(int capacity)
    {
        T[] items = new T[capacity];

        public int Count { get; private set; }

        public void Add(T item)
        {
            if (Count == items.Length)
                Array.Resize(ref items, items.Length * 2);
            items[Count++] = item;
        }

        public void CopyTo(T[] destination, int offset) => Array.Copy(items, 0, destination, offset, Count);
    }
}
