using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micro.ServiceDefaults;

public static class InternalCallers
{
    /// <summary>
    /// A service behind the gateway: with <c>Internal:Token</c> configured, <c>/api/**</c> answers only calls that carry it (403
    /// otherwise). The check runs first in the pipeline, so no route of the service is reached without it.
    /// </summary>
    public static IHostApplicationBuilder AddInternalCallers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddInternalCallerOptions();
        builder.Services.AddTransient<IStartupFilter, InternalCallersFirst>();
        builder.Services.AddHostedService<InternalCallersReport>();
        return builder;
    }

    /// <summary>The <c>Internal</c> section, for the side that sends the secret (the gateway) as for the side that checks it.</summary>
    public static IServiceCollection AddInternalCallerOptions(this IServiceCollection services)
    {
        services.AddValidatedOptions<InternalCallerOptions>(InternalCallerOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        return services;
    }

    sealed class InternalCallersFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<InternalCallersMiddleware>();
            next(app);
        };
    }
}
