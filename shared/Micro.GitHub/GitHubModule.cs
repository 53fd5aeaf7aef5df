using Micro.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Micro.GitHub;

public static class GitHubModule
{
    /// <summary>
    /// Registers <see cref="GitHubClient"/>, configured from the <c>GitHub</c> section. Safe to call from several modules of one
    /// process: the standalone host shares one client and one installation-token cache.
    /// </summary>
    public static IHostApplicationBuilder AddGitHubClient(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(GitHubCredentials)))
            return builder;

        builder.Services.AddValidatedOptions<GitHubOptions>(GitHubOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Octokit sends through this client's handlers (see OctokitHttp): retries of reads, and GitHub:Timeout for every call.
        builder.Services.AddHttpClient(GitHubConnection.HttpClientName).AddIdempotentRetries(CallLimits);
        builder.Services.AddSingleton<GitHubConnection>();
        builder.Services.AddSingleton<GitHubCredentials>();
        // The constructor is internal (credentials are an implementation detail), so the client is built here.
        builder.Services.AddSingleton(services => new GitHubClient(
            services.GetRequiredService<GitHubConnection>(), services.GetRequiredService<GitHubCredentials>(), services.GetRequiredService<TimeProvider>()));
        return builder;
    }

    static ApiCallLimits CallLimits(IServiceProvider services) => services.GetRequiredService<IOptions<GitHubOptions>>().Value.CallLimits;
}
