using Micro.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Micro.Edge;

public static class EdgeExtensions
{
    /// <summary>
    /// The door's policies, configured from the <c>Gateway</c> section. <paramref name="host"/> says which door: without tokens the
    /// gateway refuses to start unless <c>Gateway:AllowAnonymousApi</c> is set; the standalone host also starts while it listens on
    /// loopback only.
    /// </summary>
    public static IHostApplicationBuilder AddEdge(this IHostApplicationBuilder builder, EdgeHost host = EdgeHost.Gateway)
    {
        builder.Services.AddValidatedOptions<EdgeOptions>(EdgeOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        builder.Services.AddSingleton<IValidateOptions<EdgeOptions>>(provider =>
            new ApiAccessValidation(host, provider.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(provider =>
            ApiAccess.Decide(provider.GetRequiredService<IOptions<EdgeOptions>>().Value, host, provider.GetRequiredService<IConfiguration>()));
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<EdgeOptions>>((limiter, edge) => ApiRateLimiting.Configure(limiter, edge.Value.RateLimit));
        builder.Services.AddHostedService<EdgeSecurityReport>();
        return builder;
    }

    /// <summary>Request ids first (so even refusals carry one), then size, token and rate checks, before any route runs.</summary>
    public static IApplicationBuilder UseEdge(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestIdMiddleware>()
            .UseMiddleware<WebhookSizeMiddleware>()
            .UseMiddleware<ApiTokenMiddleware>()
            .UseRateLimiter();
}
