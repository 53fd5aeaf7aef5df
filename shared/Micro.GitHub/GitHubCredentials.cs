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

    public async Task<AuthenticationHeaderValue> For(GitHubTarget target, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.UsesApp)
            return new AuthenticationHeaderValue("Bearer", await InstallationTokenFor(target, cancellationToken));
        if (!string.IsNullOrWhiteSpace(settings.Token))
            return new AuthenticationHeaderValue("Bearer", settings.Token);
        throw new GitHubNotConfiguredException();
    }

    async Task<string> InstallationTokenFor(GitHubTarget target, CancellationToken cancellationToken)
    {
        var installation = target.InstallationId ?? await InstallationOf(target.Repository, cancellationToken);
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

    /// <summary>Events carry their installation; a call started from the API (a repository only) asks GitHub which one it is.</summary>
    async Task<long> InstallationOf(string repository, CancellationToken cancellationToken)
    {
        if (installations.TryGetValue(repository, out var known))
            return known;

        using var request = AppRequest(HttpMethod.Get, $"repos/{GitHubPaths.Repository(repository)}/installation");
        var installation = await Send<Installation>(request, cancellationToken);
        installations[repository] = installation.Id;
        return installation.Id;
    }

    HttpRequestMessage AppRequest(HttpMethod method, string path)
    {
        var jwt = GitHubAppJwt.Create(options.Value.AppId!.Value, appKey.Value, clock.GetUtcNow());
        return new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", jwt) } };
    }

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
