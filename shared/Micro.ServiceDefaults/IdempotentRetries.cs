using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Micro.ServiceDefaults;

public static class IdempotentRetries
{
    /// <summary>
    /// Marks a request as safe to repeat whatever its method: a POST or PUT the API itself makes idempotent (Pub/Sub's acknowledge,
    /// a create that answers 409 when repeated).
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> Repeatable = new("Micro.Repeatable");

    /// <summary>
    /// Adds the standard resilience handler, narrowed to what is safe to repeat: GET and HEAD requests, and those marked
    /// <see cref="Repeatable"/>, answered by a connection error, a 408 or a 5xx are retried with exponential backoff and jitter. Any
    /// other POST is never repeated (it may have taken effect), nor is a
    /// 403 or 429: rate limits carry their own wait, which the callers honour at a higher level. The circuit breaker is left inert,
    /// since every caller already backs off on its own and an open circuit would surface as an exception none of them expect.
    /// The handler replaces the client's own time-out (it sets <see cref="HttpClient.Timeout"/> to infinite): its total time-out is
    /// <see cref="ApiCallLimits.Timeout"/>, reported as the <see cref="TaskCanceledException"/> callers know from HttpClient.
    /// </summary>
    public static IHttpClientBuilder AddIdempotentRetries(this IHttpClientBuilder http, Func<IServiceProvider, ApiCallLimits> limitsOf)
    {
        http.AddHttpMessageHandler(() => new DeadlineAsCancellation());
        http.AddStandardResilienceHandler().Configure((options, services) =>
        {
            var limits = limitsOf(services);
            // One attempt may use the whole deadline: a POST has only the one.
            options.AttemptTimeout.Timeout = limits.Timeout;
            options.TotalRequestTimeout.Timeout = limits.Timeout;
            options.Retry.MaxRetryAttempts = limits.RetryAttempts;
            options.Retry.Delay = limits.RetryDelay;
            options.Retry.BackoffType = DelayBackoffType.Exponential;
            options.Retry.UseJitter = true;
            options.Retry.ShouldRetryAfterHeader = false;
            options.Retry.ShouldHandle = arguments => ValueTask.FromResult(
                MayRepeat(arguments.Context)
                && HttpClientResiliencePredicates.IsTransient(arguments.Outcome)
                && arguments.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests);
            options.CircuitBreaker.ShouldHandle = _ => PredicateResult.False();
            var sampling = 2 * options.AttemptTimeout.Timeout;
            if (options.CircuitBreaker.SamplingDuration < sampling)
                options.CircuitBreaker.SamplingDuration = sampling;
        });
        return http;
    }

    static bool MayRepeat(ResilienceContext context) =>
        context.GetRequestMessage() is { } request
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Options.TryGetValue(Repeatable, out var repeatable) && repeatable);
}
