using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace Micro.GitHub;

/// <summary>
/// Who Micro is on each call: the configured token, or, for a GitHub App, an installation token per installation, fetched with the
/// App's JWT and kept until shortly before it expires (they live an hour). For Octokit, one client per installation, kept for the
/// life of the process, whose requests carry that installation's current token.
/// </summary>
sealed class GitHubCredentials : IDisposable
{
    readonly GitHubConnection http;
    readonly IOptions<GitHubOptions> options;
    readonly TimeProvider clock;
    readonly ConcurrentDictionary<long, InstallationToken> tokens = new();
    readonly ConcurrentDictionary<string, long> installations = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<long, IGitHubClient> installationClients = new();
    readonly SemaphoreSlim renewal = new(1, 1);
    readonly Lazy<RSA> appKey;
    readonly Lazy<IGitHubClient> asApp;
    readonly Lazy<IGitHubClient> withToken;

    public GitHubCredentials(GitHubConnection http, IOptions<GitHubOptions> options, TimeProvider clock)
    {
        this.http = http;
        this.options = options;
        this.clock = clock;
        appKey = new(() => GitHubAppJwt.ReadPrivateKey(ReadKey(options.Value)));
        asApp = new(() => http.Client(new AppJwtCredentials(this)));
        withToken = new(() => http.Client(new InMemoryCredentialStore(new Credentials(options.Value.Token, AuthenticationType.Bearer))));
    }

    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>Octokit acting on the target's repository: with the token, or as the App's installation on it.</summary>
    public async Task<IGitHubClient> ClientFor(GitHubTarget target, CancellationToken cancellationToken) =>
        await InstallationFor(target, cancellationToken) is { } installation
            ? await ClientForInstallation(installation, cancellationToken)
            : withToken.Value;

    /// <summary>Octokit acting on an organization itself (its webhooks, runners): with the token, or as the App's installation on it.</summary>
    public async Task<IGitHubClient> ClientForOrganization(string organization, CancellationToken cancellationToken) =>
        await InstallationForOrganization(organization, cancellationToken) is { } installation
            ? await ClientForInstallation(installation, cancellationToken)
            : withToken.Value;

    /// <summary>Octokit acting as one installation of the App (its repositories, for instance).</summary>
    public async Task<IGitHubClient> ClientForInstallation(long installation, CancellationToken cancellationToken)
    {
        RequireApp("an installation is reached as the GitHub App");
        // Fetched or renewed now, under the caller's cancellation; the client's requests then find it in the cache.
        await InstallationTokenOf(installation, cancellationToken);
        return installationClients.GetOrAdd(installation, id => http.Client(new InstallationCredentials(this, id)));
    }

    /// <summary>Octokit acting as the App itself (its own webhook, its installations), with a JWT on every request.</summary>
    public IGitHubClient ClientForApp()
    {
        RequireApp("the GitHub App's own resources are reached as the App");
        return asApp.Value;
    }

    public async Task<AuthenticationHeaderValue> For(GitHubTarget target, CancellationToken cancellationToken) =>
        await InstallationFor(target, cancellationToken) is { } installation
            ? new AuthenticationHeaderValue("Bearer", await InstallationTokenOf(installation, cancellationToken))
            : new AuthenticationHeaderValue("Bearer", options.Value.Token);

    /// <summary>For calls on an organization itself (its webhooks): the token, or the token of the App's installation on it.</summary>
    public async Task<AuthenticationHeaderValue> ForOrganization(string organization, CancellationToken cancellationToken) =>
        await InstallationForOrganization(organization, cancellationToken) is { } installation
            ? new AuthenticationHeaderValue("Bearer", await InstallationTokenOf(installation, cancellationToken))
            : new AuthenticationHeaderValue("Bearer", options.Value.Token);

    /// <summary>For calls on the App itself (its own webhook): the App's JWT, which no token can stand in for.</summary>
    public AuthenticationHeaderValue ForApp()
    {
        RequireApp("the GitHub App's own webhook is reached as the App");
        return new AuthenticationHeaderValue("Bearer", AppJwt());
    }

    /// <summary>
    /// The App installation to act as, or null when a token is configured. Events carry their installation; a call started from
    /// the API (a repository only) asks GitHub which one it is.
    /// </summary>
    Task<long?> InstallationFor(GitHubTarget target, CancellationToken cancellationToken)
    {
        var repository = GitHubPaths.OwnerAndName(target.Repository);
        return target.InstallationId is { } known && options.Value.UsesApp
            ? Task.FromResult<long?>(known)
            : InstallationFor($"repos/{repository.Owner}/{repository.Name}",
                app => app.GitHubApps.GetRepositoryInstallationForCurrent(repository.Owner, repository.Name), cancellationToken);
    }

    Task<long?> InstallationForOrganization(string organization, CancellationToken cancellationToken)
    {
        var name = GitHubPaths.Organization(organization);
        return InstallationFor($"orgs/{name}", app => app.GitHubApps.GetOrganizationInstallationForCurrent(name), cancellationToken);
    }

    async Task<long?> InstallationFor(string lookup, Func<IGitHubClient, Task<Installation>> find, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.UsesApp)
            return string.IsNullOrWhiteSpace(settings.Token) ? throw new GitHubNotConfiguredException() : null;
        if (installations.TryGetValue(lookup, out var known))
            return known;

        var installation = await GitHubCall.Run(() => find(asApp.Value), clock, cancellationToken);
        installations[lookup] = installation.Id;
        return installation.Id;
    }

    async Task<string> InstallationTokenOf(long installation, CancellationToken cancellationToken)
    {
        if (Fresh(installation) is { } cached)
            return cached;

        await renewal.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(installation) is { } renewedMeanwhile)
                return renewedMeanwhile;

            var issued = await GitHubCall.Run(() => asApp.Value.GitHubApps.CreateInstallationToken(installation), clock, cancellationToken);
            tokens[installation] = new InstallationToken(issued.Token, issued.ExpiresAt);
            return issued.Token;
        }
        finally
        {
            renewal.Release();
        }
    }

    string? Fresh(long installation) =>
        tokens.TryGetValue(installation, out var token) && token.ExpiresAt - options.Value.InstallationTokenRenewal > clock.GetUtcNow()
            ? token.Value
            : null;

    void RequireApp(string reason)
    {
        if (!options.Value.UsesApp)
            throw new GitHubNotConfiguredException($"{reason}: set GitHub:AppId with GitHub:AppPrivateKey");
    }

    string AppJwt() => GitHubAppJwt.Create(options.Value.AppId!.Value, appKey.Value, clock.GetUtcNow());

    static string ReadKey(GitHubOptions settings) =>
        string.IsNullOrWhiteSpace(settings.AppPrivateKey) ? File.ReadAllText(settings.AppPrivateKeyFile!) : settings.AppPrivateKey;

    public void Dispose()
    {
        renewal.Dispose();
        if (appKey.IsValueCreated)
            appKey.Value.Dispose();
    }

    /// <summary>A fresh JWT for each request: they are cheap to sign and live ten minutes at most.</summary>
    sealed class AppJwtCredentials(GitHubCredentials owner) : ICredentialStore
    {
        public Task<Credentials> GetCredentials() => Task.FromResult(new Credentials(owner.AppJwt(), AuthenticationType.Bearer));
    }

    /// <summary>The installation's current token, renewed (under the running call's cancellation) when it nears its expiry.</summary>
    sealed class InstallationCredentials(GitHubCredentials owner, long installation) : ICredentialStore
    {
        public async Task<Credentials> GetCredentials() =>
            new(await owner.InstallationTokenOf(installation, GitHubCall.CallerCancellation), AuthenticationType.Bearer);
    }

    sealed record InstallationToken(string Value, DateTimeOffset ExpiresAt);
}
