using Octokit;

namespace Micro.GitHub;

/// <summary>
/// Octokit itself, for what <see cref="GitHubClient"/> has no method for: the call is given an <see cref="IGitHubClient"/> acting as
/// Micro does there (the token, or the App's installation, or the App), GitHub's error answers become <see cref="GitHubApiException"/>,
/// and the cancellation reaches every request the call sends, each page of a listing included.
/// </summary>
public sealed partial class GitHubClient
{
    /// <summary>Calls Octokit on the target's repository, with the token or as the App installation that reaches it.</summary>
    public Task<T> Call<T>(GitHubTarget target, Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken) =>
        Run(token => credentials.ClientFor(target, token), call, cancellationToken);

    /// <inheritdoc cref="Call{T}(GitHubTarget, Func{IGitHubClient, Task{T}}, CancellationToken)"/>
    public Task Call(GitHubTarget target, Func<IGitHubClient, Task> call, CancellationToken cancellationToken) =>
        Run(token => credentials.ClientFor(target, token), async github =>
        {
            await call(github);
            return true;
        }, cancellationToken);

    /// <summary>Calls Octokit on an organization itself (its hooks, its runners), with the token or as the App's installation on it.</summary>
    public Task<T> CallOnOrganization<T>(string organization, Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken) =>
        Run(token => credentials.ClientForOrganization(organization, token), call, cancellationToken);

    /// <summary>Calls Octokit as one installation of the App (the repositories it reaches, for instance); needs the App configured.</summary>
    public Task<T> CallOnInstallation<T>(long installationId, Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken) =>
        Run(token => credentials.ClientForInstallation(installationId, token), call, cancellationToken);

    /// <summary>Calls Octokit as the App itself (its installations, its own hook), with its JWT; needs the App configured.</summary>
    public Task<T> CallAsApp<T>(Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken) =>
        Run(_ => Task.FromResult(credentials.ClientForApp()), call, cancellationToken);

    async Task<T> Run<T>(Func<CancellationToken, Task<IGitHubClient>> acting, Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken)
    {
        var github = await acting(cancellationToken);
        return await GitHubCall.Run(() => call(github), clock, cancellationToken);
    }
}
