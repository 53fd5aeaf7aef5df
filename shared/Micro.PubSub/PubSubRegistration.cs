using Micro.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
        // Pub/Sub's calls are POSTs and PUTs; the client marks those that are safe to repeat.
        http.AddIdempotentRetries(services => services.GetRequiredService<IOptions<PubSubOptions>>().Value.CallLimits);
        // After the resilience handler, so each repeat gets a current token.
        http.AddHttpMessageHandler<PubSubAuthorization>();
        return builder;
    }
}
