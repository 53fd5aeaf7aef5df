using Micro.GitHub;
using Micro.GitWorkflow.Git;
using Micro.GitWorkflow.GitLab;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Forges;

/// <summary>
/// Tells GitHub from GitLab by the repository's host (<c>GitWorkflow:GitLabHosts</c>, by default the host of <c>GitLab:ApiUrl</c>), and
/// knows which hosts runs may clone from (<c>GitWorkflow:AllowedHosts</c>, by default those of the configured GitHub and GitLab).
/// </summary>
public sealed class ForgeDirectory(
    GitHubClient gitHub, GitLabClient gitLab, IOptions<GitWorkflowOptions> options, IOptions<GitHubOptions> gitHubOptions,
    IOptions<GitLabOptions> gitLabOptions)
{
    public RepositoryRules Rules
    {
        get
        {
            var settings = options.Value;
            var hosts = settings.AllowedHosts.Count > 0 ? settings.AllowedHosts : [GitHubWebHost(gitHubOptions.Value.ApiUrl), gitLabOptions.Value.ApiUrl.Host];
            return new RepositoryRules(hosts, settings.AllowLocalRepositories);
        }
    }

    public IForge For(RepositoryAddress repository)
    {
        var settings = options.Value;
        return IsGitLab(repository)
            ? new GitLabForge(gitLab, settings.GitToken ?? gitLabOptions.Value.Token)
            : new GitHubForge(gitHub, settings.GitToken ?? gitHubOptions.Value.Token);
    }

    bool IsGitLab(RepositoryAddress repository)
    {
        var hosts = options.Value.GitLabHosts.Count > 0 ? options.Value.GitLabHosts : [gitLabOptions.Value.ApiUrl.Host];
        return hosts.Any(host => string.Equals(host, repository.Uri.Host, StringComparison.OrdinalIgnoreCase)
            || string.Equals(host, repository.Uri.Authority, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>github.com for api.github.com; a GitHub Enterprise Server's API lives on its own host.</summary>
    static string GitHubWebHost(Uri api) =>
        string.Equals(api.Host, "api.github.com", StringComparison.OrdinalIgnoreCase) ? "github.com" : api.Host;
}
