using System.Collections.Concurrent;
using System.Security.Cryptography;
using Micro.GitHub;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Tokens;

/// <summary>What a runner gets for its launcher token: a registration token, or (jit mode) a ready runner configuration.</summary>
public abstract record RunnerCredential
{
    public sealed record Registration(string Token, DateTimeOffset ExpiresAt) : RunnerCredential;

    public sealed record JustInTime(long RunnerId, string Name, string EncodedJitConfig) : RunnerCredential;
}

/// <summary>
/// Fetches runner credentials from GitHub. Registration tokens are shared by every runner of a repository and live an hour, so each
/// is kept per repository until <see cref="RunnerBrokerOptions.RegistrationTokenRenewal"/> before its <c>expires_at</c>.
/// </summary>
public sealed class RunnerCredentials(GitHubClient github, IOptionsMonitor<RunnerBrokerOptions> options, TimeProvider clock)
{
    readonly ConcurrentDictionary<string, GitHubRunnerToken> cached = new(StringComparer.OrdinalIgnoreCase);

    public async Task<RunnerCredential> For(LauncherTokenClaims claims, long? installationId, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var target = new GitHubTarget(claims.Repository, installationId);
        if (settings.RunnerMode == RunnerMode.Jit)
        {
            // A name of its own per exchange: GitHub refuses a second runner of the same name, so after an answer lost on the way back
            // (GitHub registered the runner, nobody got its configuration) a retry under the same name would be refused for good.
            var name = $"micro-{claims.JobId}-{claims.Launch}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
            var runner = await github.GenerateJitRunnerConfig(target, name, settings.RunnerGroupId, claims.Labels, cancellationToken);
            return new RunnerCredential.JustInTime(runner.RunnerId, runner.Name, runner.EncodedJitConfig);
        }

        if (!cached.TryGetValue(claims.Repository, out var token) || token.ExpiresAt - settings.RegistrationTokenRenewal <= clock.GetUtcNow())
        {
            token = await github.CreateRunnerRegistrationToken(target, cancellationToken);
            cached[claims.Repository] = token;
        }

        return new RunnerCredential.Registration(token.Token, token.ExpiresAt);
    }

    /// <summary>
    /// Removes a just-in-time runner nobody will get the configuration of (another exchange of the same launcher token won), so it
    /// does not linger in the repository's runner list. Registration tokens are shared and expire on their own.
    /// </summary>
    public async Task Discard(RunnerCredential credential, LauncherTokenClaims claims, long? installationId, CancellationToken cancellationToken)
    {
        if (credential is RunnerCredential.JustInTime { RunnerId: > 0 } runner)
            await github.DeleteSelfHostedRunner(new GitHubTarget(claims.Repository, installationId), runner.RunnerId, cancellationToken);
    }
}
