// Stand-in for shared/Micro.GitHub until it lands on main; deleted at that merge.
using System.Net;

namespace Micro.GitHub;

public sealed record GitHubTarget(string Repository, long? InstallationId);

public sealed class GitHubClient
{
    public bool IsConfigured => false;

    public Task<IReadOnlyList<string>> ListBranches(GitHubTarget target, CancellationToken ct) => throw new GitHubNotConfiguredException();
}

public sealed class GitHubApiException(HttpStatusCode statusCode, string gitHubMessage) : Exception(gitHubMessage)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string GitHubMessage { get; } = gitHubMessage;
}

public sealed class GitHubNotConfiguredException : Exception;

public static class GitHubClientRegistration
{
    public static Microsoft.Extensions.Hosting.IHostApplicationBuilder AddGitHubClient(this Microsoft.Extensions.Hosting.IHostApplicationBuilder builder)
    {
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<GitHubClient>(builder.Services);
        return builder;
    }
}
