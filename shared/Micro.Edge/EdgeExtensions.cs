using Micro.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Micro.Edge;

public static class EdgeExtensions
{
    /// <summary>The door's policies, configured from the <c>Gateway</c> section.</summary>
    public static IHostApplicationBuilder AddEdge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<EdgeOptions>(EdgeOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
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
