using Micro.GitHub;
using Micro.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Micro.CircleCi;

public static class CircleCiRegistration
{
    /// <summary>
    /// Registers <see cref="BranchWorkflowRerun"/> with its two clients: the shared GitHub client and <see cref="CircleCiClient"/>, from
    /// the <c>CircleCi</c> section (token alias <c>CIRCLE_CI_TOKEN</c>). A missing token does not stop the start: the calls that
    /// need it fail, saying which key to set.
    /// </summary>
    public static IHostApplicationBuilder AddCircleCiBranchRerun(this IHostApplicationBuilder builder)
    {
        builder.AddGitHubClient();
        builder.Services.AddValidatedOptions<CircleCiOptions>(CircleCiOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        builder.Services.AddHttpClient<CircleCiClient>((services, client) =>
        {
            var options = services.GetRequiredService<IOptions<CircleCiOptions>>().Value;
            var root = options.ApiUrl.ToString();
            client.BaseAddress = new Uri(root.EndsWith('/') ? root : root + "/");
            client.Timeout = options.Timeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Micro");
            client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        }).AddIdempotentRetries(services => services.GetRequiredService<IOptions<CircleCiOptions>>().Value.CallLimits);
        builder.Services.AddTransient<BranchWorkflowRerun>();
        return builder;
    }
}
