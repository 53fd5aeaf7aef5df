using Micro.GitHub;
using Micro.Persistence.Outbox;
using Micro.RunnerBroker.Data;
using Micro.RunnerBroker.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Micro.RunnerBroker.Tokens;

/// <summary>What a token exchange came to.</summary>
public abstract record ExchangeOutcome(string Reason)
{
    public sealed record Granted(RunnerCredential Credential, long JobId) : ExchangeOutcome("granted");

    /// <summary>No token, or not one of ours: 401.</summary>
    public sealed record NotAuthenticated(string Reason) : ExchangeOutcome(Reason);

    /// <summary>A genuine token that can no longer be used: 410.</summary>
    public sealed record Gone(string Reason) : ExchangeOutcome(Reason);

    /// <summary>GitHub did not hand out the runner's credential; the token stays unused, so the runner may ask again: 502.</summary>
    public sealed record GitHubFailed(string Reason) : ExchangeOutcome(Reason);
}

/// <summary>
/// Trades a launcher token for a runner credential, once: the signature, the expiry, the token's use and its job's state are
/// checked, then GitHub is asked, and only then is the token marked used (a conditional update, so two concurrent requests cannot both
/// win) and the exchange announced to the job's saga through the outbox.
/// </summary>
public sealed partial class TokenExchange(
    IDbContextFactory<RunnerBrokerDbContext> contexts, SigningKeys keys, RunnerCredentials credentials, OutboxRelay<RunnerBrokerDbContext> outbox,
    RunnerMetrics metrics, TimeProvider clock, ILogger<TokenExchange> logger)
{
    public async Task<ExchangeOutcome> Exchange(string? authorization, CancellationToken cancellationToken)
    {
        var outcome = await Decide(authorization, cancellationToken);
        metrics.Exchanged(outcome.GetType().Name);
        if (outcome is ExchangeOutcome.Granted granted)
            LogGranted(logger, granted.JobId);
        else
            LogRefused(logger, outcome.GetType().Name, outcome.Reason);
        return outcome;
    }

    async Task<ExchangeOutcome> Decide(string? authorization, CancellationToken cancellationToken)
    {
        var token = Token(authorization);
        if (token is null)
            return new ExchangeOutcome.NotAuthenticated("no launcher token in the Authorization header");
        if (LauncherTokens.Verify(token, await keys.Current(cancellationToken)) is not { } claims)
            return new ExchangeOutcome.NotAuthenticated("the launcher token is malformed or not signed by this service");

        var now = clock.GetUtcNow();
        if (now.ToUnixTimeSeconds() >= claims.ExpiresAt)
            return new ExchangeOutcome.Gone($"the launcher token of job {claims.JobId} has expired");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var issued = await db.LauncherTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == claims.TokenId, cancellationToken);
        if (issued is null)
            return new ExchangeOutcome.Gone($"the launcher token of job {claims.JobId} is no longer on record");
        if (issued.UsedAt is not null)
            return new ExchangeOutcome.Gone($"the launcher token of job {claims.JobId} was already used");

        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.CorrelationId == issued.JobKey, cancellationToken);
        if (job is null)
            return new ExchangeOutcome.Gone($"job {claims.JobId} is no longer on record");
        if (Refusal(job, claims.TokenId) is { } refusal)
            return new ExchangeOutcome.Gone(refusal);

        RunnerCredential credential;
        try
        {
            credential = await credentials.For(claims, job.InstallationId, cancellationToken);
        }
        catch (Exception error) when (error is GitHubApiException or GitHubNotConfiguredException or HttpRequestException or System.Text.Json.JsonException
            || error is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ExchangeOutcome.GitHubFailed($"GitHub did not issue the runner's credential: {error.Message}");
        }

        if (await MarkUsed(db, issued, now, cancellationToken))
            return new ExchangeOutcome.Granted(credential, claims.JobId);

        try
        {
            await credentials.Discard(credential, claims, job.InstallationId, cancellationToken);
        }
        catch (Exception error) when (error is GitHubApiException or HttpRequestException
            || error is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // An unused just-in-time runner that stays registered never connects; GitHub removes such runners itself in time.
            LogDiscardFailed(logger, claims.JobId, error.Message);
        }

        return new ExchangeOutcome.Gone($"the launcher token of job {claims.JobId} was already used");
    }

    /// <summary>Why the job no longer wants this launch's runner; null when it does.</summary>
    static string? Refusal(RunnerJobState job, Guid tokenId)
    {
        if (job.Conclusion == "cancelled")
            return $"job {job.JobId} was cancelled";
        if (job.CurrentState == nameof(RunnerJobStateMachine.Finished))
            return $"job {job.JobId} has finished";
        if (job.CurrentState == nameof(RunnerJobStateMachine.Started))
            return $"job {job.JobId} has already started";
        // The launch is recorded once the launcher's answer reached the saga; a runner faster than that is still ours.
        return job.Launches.FirstOrDefault(launch => launch.TokenId == tokenId) is { CancelReason: { } cancelled }
            ? $"this runner of job {job.JobId} was cancelled: {cancelled}"
            : null;
    }

    async Task<bool> MarkUsed(RunnerBrokerDbContext db, LauncherTokenRecord issued, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var won = await db.LauncherTokens.Where(t => t.Id == issued.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.UsedAt, at), cancellationToken) == 1;
        if (!won)
            return false;

        db.AddToOutbox(new LauncherTokenExchanged(issued.JobKey, issued.Id, at), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Wake();
        return true;
    }

    /// <summary>The original's job script sends the token raw; <c>Bearer</c> is accepted too.</summary>
    static string? Token(string? authorization)
    {
        var value = authorization?.Trim();
        if (string.IsNullOrEmpty(value))
            return null;
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            value = value[7..].Trim();
        return value.Length > 0 ? value : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Launcher token of job {JobId} exchanged for a runner credential")]
    static partial void LogGranted(ILogger logger, long jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the unused just-in-time runner of job {JobId}: {Reason}")]
    static partial void LogDiscardFailed(ILogger logger, long jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Launcher token refused ({Outcome}): {Reason}")]
    static partial void LogRefused(ILogger logger, string outcome, string reason);
}
