using Micro.RunnerBroker.Launching;
using Micro.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Slurm;

public static class SlurmLauncherExtensions
{
    /// <summary>
    /// Registers <see cref="SlurmLauncher"/> as the <see cref="IRunnerLauncher"/>, configured from <c>RunnerBroker:Slurm</c> and
    /// <c>RunnerBroker:IdleTimeout</c>; for <c>RunnerBroker:Launcher=Slurm</c>.
    /// </summary>
    public static IServiceCollection AddSlurmLauncher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SlurmOptions>(SlurmOptions.Section).PostConfigure(options =>
        {
            if (configuration.GetValue<TimeSpan?>("RunnerBroker:IdleTimeout") is { } idle)
                options.IdleTimeout = idle;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SlurmCredentials>();
        services.AddHttpClient<SlurmApi>((provider, client) =>
        {
            var options = provider.GetRequiredService<IOptions<SlurmOptions>>().Value;
            var root = options.ApiUrl!.ToString();
            client.BaseAddress = new Uri(root.EndsWith('/') ? root : root + "/");
            client.Timeout = options.RequestTimeout;
        });
        // Transient like the typed client it uses, so that handler rotation works.
        services.AddTransient<IRunnerLauncher, SlurmLauncher>();
        return services;
    }
}
