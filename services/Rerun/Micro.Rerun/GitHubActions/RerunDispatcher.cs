using Micro.GitHub;
using Micro.Persistence.Sagas;
using Micro.Rerun.Data;
using Micro.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// Requests the re-runs the saga has made due, once each. An attempt is claimed under its row lock and marked as being called
/// before GitHub is asked, and the outcome is recorded under the lock again: so replicas never call twice, events of the attempt
/// can keep arriving meanwhile, and an attempt whose call was interrupted by a crash is taken up again (after the call could
/// have ended) by first asking GitHub whether the re-run already happened. Waiting for the due time here is what keeps the delay
/// off consumer threads and webhook answers.
/// </summary>
public sealed partial class RerunDispatcher(
    IDbContextFactory<RerunDbContext> contexts,
    IServiceScopeFactory scopes,
    IOptionsMonitor<RerunOptions> options,
    IOptions<GitHubOptions> github,
    RerunJudge judge,
    RerunMetrics metrics,
    TimeProvider clock,
    ILogger<RerunDispatcher> logger) : BackgroundService
{
    const int BatchSize = 50;

    readonly WakeSignal wake = new();

    /// <summary>Longer than the two GitHub calls of one attempt can take: a claim older than this was left by a crash.</summary>
    TimeSpan CallLease => 2 * github.Value.Timeout + TimeSpan.FromSeconds(30);

    /// <summary>Looks for due re-runs now rather than at the next poll.</summary>
    public void Notify() => wake.Notify();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!github.Value.IsConfigured)
            LogNotConfigured(logger);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDue(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // The rows stay due; the next round takes them up again.
                LogRoundFailed(logger, error.GetType().Name, error.Message);
            }

            await wake.Wait(options.CurrentValue.PollInterval, stoppingToken);
        }
    }

    async Task DispatchDue(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = Now();
            var abandoned = now - CallLease;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var due = await db.Set<WorkflowRunAttemptState>().AsNoTracking()
                .Where(attempt => attempt.CurrentState == nameof(WorkflowRunAttemptStateMachine.RerunDue) && attempt.DueAt <= now
                    && (attempt.CallingSince == null || attempt.CallingSince < abandoned))
                .OrderBy(attempt => attempt.DueAt).Select(attempt => attempt.CorrelationId).Take(BatchSize)
                .ToListAsync(cancellationToken);

            foreach (var id in due)
                await Dispatch(id, cancellationToken);

            if (due.Count < BatchSize)
                return;
        }
    }

    async Task Dispatch(Guid id, CancellationToken cancellationToken)
    {
        var claim = await Claim(id, cancellationToken);
        if (claim is null)
            return;

        // The call ends before its claim can be taken over (token renewals and waits included), so two replicas never call at once;
        // cut short, the claim lapses and is taken up as interrupted, which asks GitHub first.
        using var withinLease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        withinLease.CancelAfter(CallLease - TimeSpan.FromSeconds(15));
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<RerunCall>().Make(claim.Attempt, claim.Interrupted, withinLease.Token);
        await Record(id, outcome, cancellationToken);
    }

    sealed record Claimed(WorkflowRunAttemptState Attempt, bool Interrupted);

    /// <summary>Marks a still-due attempt as being called and commits that before any call, so no other dispatcher takes it.</summary>
    async Task<Claimed?> Claim(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SagaTransaction.Run(db, async () =>
        {
            var now = Now();
            var attempt = await SagaRowLock.LoadLocked<WorkflowRunAttemptState>(db, id, cancellationToken);
            if (attempt is null || attempt.CurrentState != nameof(WorkflowRunAttemptStateMachine.RerunDue) || attempt.DueAt > now
                || attempt.CallingSince > now - CallLease)
                return null;

            var interrupted = attempt.CallingSince is not null;
            attempt.CallingSince = now;
            attempt.GitHubAttempts++;
            await db.SaveChangesAsync(cancellationToken);
            return new Claimed(attempt, interrupted);
        }, cancellationToken);
    }

    async Task Record(Guid id, CallOutcome outcome, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await SagaTransaction.Run(db, async () =>
        {
            var now = Now();
            var attempt = await SagaRowLock.LoadLocked<WorkflowRunAttemptState>(db, id, cancellationToken)
                ?? throw new InvalidOperationException($"run attempt {id} disappeared during its re-run call");
            attempt.CallingSince = null;
            attempt.GitHubAnswer = outcome.Answer ?? attempt.GitHubAnswer;
            attempt.UpdatedAt = now;
            // Events may have reopened the attempt meanwhile (a later job queued); only an accepted re-run overrides that.
            var stillDue = attempt.CurrentState == nameof(WorkflowRunAttemptStateMachine.RerunDue);
            switch (outcome)
            {
                case CallOutcome.Requested requested:
                    Decide(attempt, RerunDecision.RerunRequested, requested.Reason);
                    attempt.RequestedAt = now;
                    metrics.Requested(now - (attempt.FinalAt ?? now));
                    LogRequested(logger, attempt.Repository, attempt.RunId, attempt.RunAttempt);
                    break;
                case CallOutcome.Final final when stillDue:
                    Decide(attempt, final.Decision, final.Reason);
                    LogFinal(logger, attempt.Repository, attempt.RunId, attempt.RunAttempt, final.Decision, final.Reason, final.Answer);
                    break;
                case CallOutcome.Retry retry when stillDue:
                    Retry(attempt, retry, now);
                    break;
                case CallOutcome.StillRunning running when stillDue:
                    Recheck(attempt, running, now);
                    break;
            }

            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }

    void Retry(WorkflowRunAttemptState attempt, CallOutcome.Retry retry, DateTime now)
    {
        var settings = options.CurrentValue;
        if (attempt.GitHubAttempts >= settings.GitHubAttempts)
        {
            Decide(attempt, RerunDecision.RerunFailed, $"{retry.Reason}, {attempt.GitHubAttempts} times; giving up (Rerun:GitHubAttempts)");
            return;
        }

        var wait = retry.After ?? settings.RetryBackoff * Math.Pow(2, attempt.GitHubAttempts - 1);
        attempt.DueAt = now + wait;
        attempt.Reason = $"{attempt.Failure}; {retry.Reason} ({retry.Answer}); asking again at {attempt.DueAt:O}";
        LogRetry(logger, attempt.Repository, attempt.RunId, attempt.RunAttempt, retry.Answer, wait);
    }

    /// <summary>
    /// GitHub knows more jobs than the events have shown so far. Their events will reopen the attempt; should they never come, asking
    /// again a bounded number of times still ends in a decision, and past that the attempt waits for its next event.
    /// </summary>
    void Recheck(WorkflowRunAttemptState attempt, CallOutcome.StillRunning running, DateTime now)
    {
        var settings = options.CurrentValue;
        if (attempt.GitHubAttempts >= settings.GitHubAttempts)
        {
            attempt.CurrentState = nameof(WorkflowRunAttemptStateMachine.Tracking);
            attempt.DueAt = null;
            attempt.Reason = $"{attempt.Failure}; {running.Reason} after {attempt.GitHubAttempts} checks; waiting for the run's next event";
            return;
        }

        attempt.DueAt = now + settings.RecheckInterval;
        attempt.Reason = $"{attempt.Failure}; {running.Reason}; waiting for its remaining jobs, checking again at {attempt.DueAt:O}";
    }

    /// <summary>Records the dispatcher's final word, after what failed.</summary>
    void Decide(WorkflowRunAttemptState attempt, RerunDecision decision, string reason)
    {
        judge.Decide(attempt, decision, $"{attempt.Failure}; {reason}");
        attempt.CurrentState = nameof(WorkflowRunAttemptStateMachine.Decided);
    }

    DateTime Now() => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "GitHub is not configured (GitHub:Token or GITHUB_TOKEN, or GitHub:AppId with a private key): failed runs will be recorded as rerun-failed, not re-run")]
    static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for due re-runs failed ({Error}: {Reason}); trying again at the next poll")]
    static partial void LogRoundFailed(ILogger logger, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-run of the failed jobs of {Repository} run {RunId} attempt {RunAttempt} requested")]
    static partial void LogRequested(ILogger logger, string repository, long runId, int runAttempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Repository} run {RunId} attempt {RunAttempt}: {Decision}, {Reason} (GitHub: {Answer})")]
    static partial void LogFinal(ILogger logger, string repository, long runId, int runAttempt, RerunDecision decision, string reason, string? answer);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Repository} run {RunId} attempt {RunAttempt}: GitHub answered {Answer}; asking again in {Wait}")]
    static partial void LogRetry(ILogger logger, string repository, long runId, int runAttempt, string? answer, TimeSpan wait);
}
