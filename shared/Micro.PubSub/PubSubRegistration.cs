using Micro.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Micro.PubSub;

public static class PubSubRegistration
{
    /// <summary>
    /// Registers <see cref="PubSubClient"/>, configured from the <c>PubSub</c> section (with <c>PUBSUB_EMULATOR_HOST</c> and
    /// <c>GOOGLE_CLOUD_PROJECT</c>). Safe to call from several modules of one process.
    /// </summary>
    public static IHostApplicationBuilder AddPubSubClient(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(PubSubClient)))
            return builder;

        builder.Services.AddValidatedOptions<PubSubOptions>(PubSubOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        builder.Services.AddTransient<PubSubAuthorization>();
        var http = builder.Services.AddHttpClient<PubSubClient>((services, client) =>
        {
            client.BaseAddress = services.GetRequiredService<IOptions<PubSubOptions>>().Value.Root;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Micro");
        });
        http.AddStandardResilienceHandler().Configure((options, services) =>
        {
            var limits = services.GetRequiredService<IOptions<PubSubOptions>>().Value.CallLimits;
            options.AttemptTimeout.Timeout = limits.Timeout;
            options.TotalRequestTimeout.Timeout = limits.Timeout;
            options.Retry.MaxRetryAttempts = limits.RetryAttempts;
            options.Retry.Delay = limits.RetryDelay;
            options.Retry.BackoffType = DelayBackoffType.Exponential;
            options.Retry.UseJitter = true;
            // Pub/Sub's calls are POSTs; those the client marks as safe to repeat are, whatever their method.
            options.Retry.ShouldHandle = arguments => ValueTask.FromResult(
                IsRepeatable(arguments.Context) && HttpClientResiliencePredicates.IsTransient(arguments.Outcome));
            // Callers back off on their own (the pull loop, the publish endpoint's caller); an open circuit would only add a failure kind.
            options.CircuitBreaker.ShouldHandle = _ => PredicateResult.False();
            var sampling = 2 * options.AttemptTimeout.Timeout;
            if (options.CircuitBreaker.SamplingDuration < sampling)
                options.CircuitBreaker.SamplingDuration = sampling;
        });
        // After the resilience handler, so each repeat gets a current token.
        http.AddHttpMessageHandler<PubSubAuthorization>();
        return builder;
    }

    static bool IsRepeatable(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(PubSubClient.Repeatable, out var repeatable) && repeatable;
}
