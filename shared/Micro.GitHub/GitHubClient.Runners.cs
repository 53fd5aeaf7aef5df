using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Micro.GitHub;

/// <summary>A token a self-hosted runner registers with (<c>config.sh --token</c>); GitHub's live an hour.</summary>
public sealed record GitHubRunnerToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>A just-in-time runner: registered already, configured by <see cref="EncodedJitConfig"/> (<c>run.sh --jitconfig</c>) for one job.</summary>
public sealed record GitHubJitRunner(long RunnerId, string Name, string EncodedJitConfig);

/// <summary>A repository an App installation can reach.</summary>
public sealed record GitHubInstalledRepository(string FullName, string HtmlUrl);

/// <summary>Self-hosted runners: registration tokens, just-in-time runners, and where the App is installed.</summary>
public sealed partial class GitHubClient
{
    /// <summary><c>POST /repos/{owner}/{repo}/actions/runners/registration-token</c>.</summary>
    public async Task<GitHubRunnerToken> CreateRunnerRegistrationToken(GitHubTarget target, CancellationToken cancellationToken)
    {
        var issued = await Send<RunnerTokenAnswer>(target, HttpMethod.Post, $"{RepositoryPath(target)}/actions/runners/registration-token", null, cancellationToken);
        return new GitHubRunnerToken(issued.Token ?? throw new JsonException("GitHub issued a registration token without a token"), issued.ExpiresAt);
    }

    /// <summary><c>POST /repos/{owner}/{repo}/actions/runners/generate-jitconfig</c>.</summary>
    public async Task<GitHubJitRunner> GenerateJitRunnerConfig(
        GitHubTarget target, string name, long runnerGroupId, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var answer = await Send<JitConfigAnswer>(target, HttpMethod.Post, $"{RepositoryPath(target)}/actions/runners/generate-jitconfig",
            new { name, runner_group_id = runnerGroupId, labels }, cancellationToken);
        return new GitHubJitRunner(answer.Runner?.Id ?? 0, answer.Runner?.Name ?? name,
            answer.EncodedJitConfig ?? throw new JsonException("GitHub answered without encoded_jit_config"));
    }

    /// <summary><c>DELETE /repos/{owner}/{repo}/actions/runners/{runner_id}</c>: removes a self-hosted runner from the repository.</summary>
    public Task DeleteSelfHostedRunner(GitHubTarget target, long runnerId, CancellationToken cancellationToken) =>
        SendOnly(target, HttpMethod.Delete, $"{RepositoryPath(target)}/actions/runners/{runnerId}", null, cancellationToken);

    /// <summary>The ids of the App's installations, all pages (<c>GET /app/installations</c>, as the App).</summary>
    public async IAsyncEnumerable<long> ListAppInstallations([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = $"app/installations?per_page={PageSize}";
        while (next is not null)
        {
            List<InstallationAnswer> page;
            using (var response = await Exchange(_ => Task.FromResult(credentials.ForApp()), HttpMethod.Get, next, null, cancellationToken))
            {
                page = await response.Content.ReadFromJsonAsync<List<InstallationAnswer>>(GitHubJson.Options, cancellationToken) ?? [];
                next = NextPage(response, http.BaseAddress!);
            }

            foreach (var installation in page)
                yield return installation.Id;
        }
    }

    /// <summary>
    /// The repositories one installation reaches, all pages (<c>GET /installation/repositories</c>, with its token). <paramref name="target"/>
    /// carries the installation.
    /// </summary>
    public async IAsyncEnumerable<GitHubInstalledRepository> ListInstallationRepositories(
        GitHubTarget target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = $"installation/repositories?per_page={PageSize}";
        while (next is not null)
        {
            InstallationRepositoriesPage page;
            using (var response = await Exchange(target, HttpMethod.Get, next, null, cancellationToken))
            {
                page = await response.Content.ReadFromJsonAsync<InstallationRepositoriesPage>(GitHubJson.Options, cancellationToken)
                    ?? throw new JsonException("GitHub answered the list of repositories with an empty body");
                next = NextPage(response, http.BaseAddress!);
            }

            foreach (var repository in page.Repositories ?? [])
                yield return new GitHubInstalledRepository(repository.FullName ?? string.Empty, repository.HtmlUrl ?? string.Empty);
        }
    }

    /// <summary>Whether the credentials can see the repository (<c>GET /repos/{owner}/{repo}</c>): 404 is no.</summary>
    public async Task<bool> CanSeeRepository(GitHubTarget target, CancellationToken cancellationToken)
    {
        try
        {
            await SendOnly(target, HttpMethod.Get, RepositoryPath(target), null, cancellationToken);
            return true;
        }
        catch (GitHubApiException error) when (error.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    sealed record RunnerTokenAnswer(string? Token, DateTimeOffset ExpiresAt);

    sealed record JitConfigAnswer(JitRunnerAnswer? Runner, [property: JsonPropertyName("encoded_jit_config")] string? EncodedJitConfig);

    sealed record JitRunnerAnswer(long Id, string? Name);

    sealed record InstallationAnswer(long Id);

    sealed record InstallationRepositoriesPage(List<InstalledRepositoryAnswer>? Repositories);

    sealed record InstalledRepositoryAnswer(
        [property: JsonPropertyName("full_name")] string? FullName, [property: JsonPropertyName("html_url")] string? HtmlUrl);
}
