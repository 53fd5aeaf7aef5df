using Micro.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.GitLab;

static class GitLabRegistration
{
    public static IServiceCollection AddGitLabClient(this IServiceCollection services)
    {
        services.AddValidatedOptions<GitLabOptions>(GitLabOptions.Section);
        services.AddHttpClient<GitLabClient>((provider, client) =>
        {
            var options = provider.GetRequiredService<IOptions<GitLabOptions>>().Value;
            var root = options.ApiUrl.ToString();
            client.BaseAddress = new Uri(root.EndsWith('/') ? root : root + "/");
            client.Timeout = options.Timeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Micro");
        });
        return services;
    }
}
