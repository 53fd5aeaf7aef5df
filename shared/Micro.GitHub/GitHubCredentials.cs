using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Micro.GitHub;

/// <summary>
/// Who Micro is on each call: the configured token, or, for a GitHub App, an installation token per installation, fetched with the
/// App's JWT and kept until shortly before it expires (they live an hour).
/// </summary>
sealed class GitHubCredentials(IHttpClientFactory httpClients, IOptions<GitHubOptions> options, TimeProvider clock) : IDisposable
{
    public const string AppClient = "github-app";

    readonly ConcurrentDictionary<long, InstallationToken> tokens = new();
    readonly ConcurrentDictionary<string, long> installations = new(StringComparer.OrdinalIgnoreCase);
    readonly SemaphoreSlim renewal = new(1, 1);
    readonly Lazy<RSA> appKey = new(() => GitHubAppJwt.ReadPrivateKey(ReadKey(options.Value)));

    public bool IsConfigured => options.Value.IsConfigured;

    public Task<AuthenticationHeaderValue> For(GitHubTarget target, CancellationToken cancellationToken) =>
        For(target.InstallationId, $"repos/{GitHubPaths.Repository(target.Repository)}/installation", cancellationToken);

    /// <summary>For calls on an organization itself (its webhooks): the token, or the token of the App's installation on it.</summary>
    public Task<AuthenticationHeaderValue> ForOrganization(string organization, CancellationToken cancellationToken) =>
        For(null, $"orgs/{GitHubPaths.Organization(organization)}/installation", cancellationToken);

    /// <summary>For calls on the App itself (its own webhook): the App's JWT, which no token can stand in for.</summary>
    public AuthenticationHeaderValue ForApp() =>
        options.Value.UsesApp
            ? AppAuthorization()
            : throw new GitHubNotConfiguredException("the GitHub App's own webhook is reached as the App: set GitHub:AppId with GitHub:AppPrivateKey");

    async Task<AuthenticationHeaderValue> For(long? installationId, string installationLookup, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.UsesApp)
        {
            var installation = installationId ?? await InstallationOf(installationLookup, cancellationToken);
            return new AuthenticationHeaderValue("Bearer", await InstallationTokenOf(installation, cancellationToken));
        }

        if (!string.IsNullOrWhiteSpace(settings.Token))
            return new AuthenticationHeaderValue("Bearer", settings.Token);
        throw new GitHubNotConfiguredException();
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

            using var request = AppRequest(HttpMethod.Post, $"app/installations/{installation}/access_tokens");
            var issued = await Send<IssuedToken>(request, cancellationToken);
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

    /// <summary>
    /// Events carry their installation; a call started from the API (a repository only) or on an organization asks GitHub which one
    /// it is, at <paramref name="lookup"/> (<c>repos/{owner}/{repo}/installation</c> or <c>orgs/{org}/installation</c>).
    /// </summary>
    async Task<long> InstallationOf(string lookup, CancellationToken cancellationToken)
    {
        if (installations.TryGetValue(lookup, out var known))
            return known;

        using var request = AppRequest(HttpMethod.Get, lookup);
        var installation = await Send<Installation>(request, cancellationToken);
        installations[lookup] = installation.Id;
        return installation.Id;
    }

    HttpRequestMessage AppRequest(HttpMethod method, string path) =>
        new(method, path) { Headers = { Authorization = AppAuthorization() } };

    AuthenticationHeaderValue AppAuthorization() =>
        new("Bearer", GitHubAppJwt.Create(options.Value.AppId!.Value, appKey.Value, clock.GetUtcNow()));

    async Task<T> Send<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await httpClients.CreateClient(AppClient).SendAsync(request, cancellationToken);
        await GitHubAnswers.EnsureSuccess(response, clock, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(GitHubJson.Options, cancellationToken)
            ?? throw new InvalidOperationException($"GitHub answered {request.RequestUri} with an empty body");
    }

    static string ReadKey(GitHubOptions settings) =>
        string.IsNullOrWhiteSpace(settings.AppPrivateKey) ? File.ReadAllText(settings.AppPrivateKeyFile!) : settings.AppPrivateKey;

    public void Dispose()
    {
        renewal.Dispose();
        if (appKey.IsValueCreated)
            appKey.Value.Dispose();
    }

    sealed record InstallationToken(string Value, DateTimeOffset ExpiresAt);

    sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

    sealed record Installation(long Id);
}
