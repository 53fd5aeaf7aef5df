using Micro.GitHub;
using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Recovery;

/// <summary>
/// One recovery pass: reads the recent deliveries of each watched hook and asks GitHub to redeliver every event that no attempt
/// delivered and that the delivery log does not hold, which GitHub never does by itself. An event is retried pass after pass
/// until it is stored or its first delivery is older than <see cref="WebhookRecoveryOptions.LookBack"/>.
/// </summary>
public sealed partial class DeliveryRecovery(
    GitHubClient github,
    IDbContextFactory<IngestionDbContext> contexts,
    IngestionMetrics metrics,
    IOptions<WebhookRecoveryOptions> options,
    TimeProvider clock,
    ILogger<DeliveryRecovery> logger)
{
    /// <summary>Runs a pass over every watched hook; an error on one hook is logged and counted, and the others still recovered.</summary>
    /// <returns>How many redeliveries GitHub accepted.</returns>
    public async Task<int> RecoverOnce(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var pass = new Pass(clock.GetUtcNow() - settings.LookBack, settings.MaxPerPass);
        foreach (var hook in settings.Hooks.Select(watched => watched.ToHook()))
        {
            // Whatever the hooks left unlisted hold is still within reach next pass.
            if (pass.BudgetSpent)
                break;

            try
            {
                await Recover(hook, pass, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogHookFailed(logger, hook.ToString(), exception.GetType().Name, exception.Message);
                metrics.RecoveryFailed(hook.ToString(), ErrorName(exception));
                // The hooks share one rate limit: asking about the others now would only spend what is left of it.
                if (exception is GitHubApiException { IsRateLimited: true })
                    break;
            }
        }

        return pass.Redelivered.Count;
    }

    async Task Recover(GitHubHook hook, Pass pass, CancellationToken cancellationToken)
    {
        var unstored = await Unstored(await FailedEvents(hook, pass, cancellationToken), cancellationToken);
        foreach (var (index, attempt) in unstored.Index())
        {
            if (pass.BudgetSpent)
            {
                LogBudgetSpent(logger, pass.Budget, unstored.Count - index, hook.ToString());
                return;
            }

            try
            {
                await github.RedeliverHookDelivery(hook, attempt.Id, cancellationToken);
            }
            catch (GitHubApiException refused) when (!refused.IsTransient)
            {
                // This attempt cannot be redelivered (gone, or refused); the hook's other events still can.
                LogRedeliveryRefused(logger, attempt.Guid, hook.ToString(), (int)refused.StatusCode, refused.GitHubMessage);
                metrics.RecoveryFailed(hook.ToString(), ErrorName(refused));
                continue;
            }

            pass.Redelivered.Add(attempt.Guid);
            metrics.RedeliveryRequested(hook.ToString());
            LogRedelivered(logger, attempt.Event, attempt.Guid, hook.ToString(), attempt.Id, attempt.Status);
        }
    }

    /// <summary>
    /// The latest attempt of each event first delivered within the look-back that no attempt delivered, least recently tried first,
    /// so that events GitHub cannot deliver yet do not keep the others waiting.
    /// </summary>
    async Task<List<GitHubHookDelivery>> FailedEvents(GitHubHook hook, Pass pass, CancellationToken cancellationToken)
    {
        var attempts = new List<GitHubHookDelivery>();
        await foreach (var attempt in github.ListHookDeliveries(hook, cancellationToken))
        {
            // Newest first: everything after this is older still.
            if (attempt.DeliveredAt < pass.Since)
                break;
            attempts.Add(attempt);
        }

        return attempts.GroupBy(attempt => attempt.Guid)
            .Where(tries => !pass.Redelivered.Contains(tries.Key) && tries.Any(attempt => !attempt.Redelivery) && !tries.Any(attempt => attempt.Succeeded))
            .Select(tries => tries.MaxBy(attempt => (attempt.DeliveredAt, attempt.Id))!)
            .OrderBy(latest => latest.DeliveredAt)
            .ToList();
    }

    /// <summary>Leaves out the events the delivery log holds: delivered to another of the hooks, or stored despite a late answer.</summary>
    async Task<List<GitHubHookDelivery>> Unstored(List<GitHubHookDelivery> failed, CancellationToken cancellationToken)
    {
        if (failed.Count == 0)
            return failed;

        var guids = failed.Select(attempt => attempt.Guid).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = (await db.Deliveries.Where(d => guids.Contains(d.DeliveryId)).Select(d => d.DeliveryId).ToListAsync(cancellationToken)).ToHashSet();
        return failed.Where(attempt => !stored.Contains(attempt.Guid)).ToList();
    }

    static string ErrorName(Exception exception) =>
        exception is GitHubApiException answered ? ((int)answered.StatusCode).ToString() : exception.GetType().Name;

    /// <summary>What one pass has done so far, across hooks: an event watched by several hooks is redelivered once.</summary>
    sealed class Pass(DateTimeOffset since, int budget)
    {
        public DateTimeOffset Since { get; } = since;

        public int Budget { get; } = budget;

        public HashSet<string> Redelivered { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool BudgetSpent => Redelivered.Count >= Budget;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Asked GitHub to redeliver {Event} delivery {Guid} of {Hook}: Micro does not have it and attempt {AttemptId} ended '{Status}'")]
    static partial void LogRedelivered(ILogger logger, string @event, string guid, string hook, long attemptId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub refused to redeliver delivery {Guid} of {Hook}: {StatusCode} {Reason}")]
    static partial void LogRedeliveryRefused(ILogger logger, string guid, string hook, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not recover the failed deliveries of {Hook} ({Error}: {Reason}); trying again next pass")]
    static partial void LogHookFailed(ILogger logger, string hook, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Webhook recovery asked for GitHub:WebhookRecovery:MaxPerPass ({MaxPerPass}) redeliveries this pass; {Waiting} failed deliveries of {Hook} wait for the next")]
    static partial void LogBudgetSpent(ILogger logger, int maxPerPass, int waiting, string hook);
}
