using System.Collections.Concurrent;
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
            var runner = await github.GenerateJitRunnerConfig(target, $"micro-{claims.JobId}-{claims.Launch}", settings.RunnerGroupId, claims.Labels, cancellationToken);
            return new RunnerCredential.JustInTime(runner.RunnerId, runner.Name, runner.EncodedJitConfig);
        }

        if (!cached.TryGetValue(claims.Repository, out var token) || token.ExpiresAt - settings.RegistrationTokenRenewal <= clock.GetUtcNow())
        {
            token = await github.CreateRunnerRegistrationToken(target, cancellationToken);
            cached[claims.Repository] = token;
        }

        return new RunnerCredential.Registration(token.Token, token.ExpiresAt);
    }
}
