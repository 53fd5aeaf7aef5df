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
        builder.Services.AddSingleton<GitHubCredentials>();
        builder.Services.AddHttpClient(GitHubCredentials.AppClient, ConfigureClient).AddIdempotentRetries(CallLimits);
        // The constructor is internal (credentials are an implementation detail), so the typed client is built here.
        builder.Services.AddHttpClient(nameof(GitHubClient), ConfigureClient).AddIdempotentRetries(CallLimits).AddTypedClient((http, services) =>
            new GitHubClient(http, services.GetRequiredService<GitHubCredentials>(), services.GetRequiredService<TimeProvider>()));
        return builder;
    }

    static ApiCallLimits CallLimits(IServiceProvider services) => services.GetRequiredService<IOptions<GitHubOptions>>().Value.CallLimits;

    static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        var options = services.GetRequiredService<IOptions<GitHubOptions>>().Value;
        var root = options.ApiUrl.ToString();
        client.BaseAddress = new Uri(root.EndsWith('/') ? root : root + "/");
        client.Timeout = options.Timeout;
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Micro");
        client.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
        client.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
    }
}
