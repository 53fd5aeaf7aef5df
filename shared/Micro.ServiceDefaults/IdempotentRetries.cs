using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Micro.ServiceDefaults;

/// <summary>How long a call to a SaaS API may take, and how its idempotent requests are retried within that time.</summary>
/// <param name="Timeout">The client's <see cref="HttpClient.Timeout"/>: the deadline of a call, its retries included.</param>
/// <param name="RetryAttempts">How often a GET or HEAD is repeated after a connection error or a server error.</param>
/// <param name="RetryDelay">The first wait before a repeat; it grows exponentially, with jitter.</param>
public sealed record ApiCallLimits(TimeSpan Timeout, int RetryAttempts, TimeSpan RetryDelay);

public static class IdempotentRetries
{
    /// <summary>
    /// The handler's own time-outs sit this far beyond the client's, so that the client's time-out stays the one deadline of a call
    /// and callers keep seeing a time-out as the <see cref="TaskCanceledException"/> they handle.
    /// </summary>
    static readonly TimeSpan BeyondClientTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Adds the standard resilience handler, narrowed to what is safe to repeat: GET and HEAD requests answered by a connection error,
    /// a 408 or a 5xx are retried with exponential backoff and jitter. A POST is never repeated (it may have taken effect), nor is a
    /// 403 or 429: rate limits carry their own wait, which the callers honour at a higher level. The circuit breaker is left inert,
    /// since every caller already backs off on its own and an open circuit would surface as an exception none of them expect.
    /// </summary>
    public static IHttpClientBuilder AddIdempotentRetries(this IHttpClientBuilder http, Func<IServiceProvider, ApiCallLimits> limitsOf)
    {
        http.AddStandardResilienceHandler().Configure((options, services) =>
        {
            var limits = limitsOf(services);
            options.AttemptTimeout.Timeout = limits.Timeout + BeyondClientTimeout;
            options.TotalRequestTimeout.Timeout = options.AttemptTimeout.Timeout;
            options.Retry.MaxRetryAttempts = limits.RetryAttempts;
            options.Retry.Delay = limits.RetryDelay;
            options.Retry.BackoffType = DelayBackoffType.Exponential;
            options.Retry.UseJitter = true;
            options.Retry.ShouldRetryAfterHeader = false;
            options.Retry.ShouldHandle = arguments => ValueTask.FromResult(
                HttpClientResiliencePredicates.IsTransient(arguments.Outcome)
                && arguments.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests);
            options.Retry.DisableForUnsafeHttpMethods();
            options.CircuitBreaker.ShouldHandle = _ => PredicateResult.False();
            var sampling = 2 * options.AttemptTimeout.Timeout;
            if (options.CircuitBreaker.SamplingDuration < sampling)
                options.CircuitBreaker.SamplingDuration = sampling;
        });
        return http;
    }
}
