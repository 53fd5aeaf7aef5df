using MassTransit;
using Micro.GitHub;
using Micro.Persistence.Sagas;
using Micro.Rerun.Data;
using Micro.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// Makes the calls to GitHub the saga has made due (a re-run, or listing an attempt's jobs), once each, and reports each outcome to
/// the saga as a <see cref="RerunCallCompleted"/>: the saga alone moves the attempt on. An attempt is claimed under its row lock, and
/// the claim committed, before GitHub is asked: so replicas never call twice at once, events of the attempt can keep arriving meanwhile,
/// and an attempt whose call was interrupted by a crash, or whose outcome never reached the saga, is taken up again once the claim
/// lapses (after the call could have ended) by first asking GitHub whether the re-run already happened. Waiting for the due time here
/// is what keeps the delay off consumer threads and webhook answers.
/// </summary>
public sealed partial class RerunDispatcher(
    IDbContextFactory<RerunDbContext> contexts,
    IServiceScopeFactory scopes,
    IOptionsMonitor<RerunOptions> options,
    IOptions<GitHubOptions> github,
    TimeProvider clock,
    ILogger<RerunDispatcher> logger) : BackgroundService
{
    const int BatchSize = 50;

    static readonly string[] DueStates = [nameof(WorkflowRunAttemptStateMachine.RerunDue), nameof(WorkflowRunAttemptStateMachine.JobListDue)];

    readonly WakeSignal wake = new();

    /// <summary>Longer than the two GitHub calls of one attempt can take: a claim older than this was left by a crash.</summary>
    TimeSpan CallLease => 2 * github.Value.Timeout + TimeSpan.FromSeconds(30);

    /// <summary>Looks for due calls now rather than at the next poll.</summary>
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
                .Where(attempt => DueStates.Contains(attempt.CurrentState) && attempt.DueAt <= now
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
        // The bus is looked up, not injected: it is built with the consume observer that wakes this dispatcher.
        await Report(scope.ServiceProvider.GetRequiredService<IBus>(), id, claim.CallId, outcome, cancellationToken);
    }

    sealed record Claimed(WorkflowRunAttemptState Attempt, Guid CallId, bool Interrupted);

    /// <summary>
    /// Marks a still-due attempt as being called and commits that before any call, so no other dispatcher takes it. The claim is the
    /// dispatcher's own write rather than an event for the saga: only a write committed under the row lock tells this dispatcher, before
    /// it calls, that no other one won the attempt, which is what makes the call happen once.
    /// </summary>
    async Task<Claimed?> Claim(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SagaTransaction.Run(db, async () =>
        {
            var now = Now();
            var attempt = await SagaRowLock.LoadLocked<WorkflowRunAttemptState>(db, id, cancellationToken);
            if (attempt is null || !DueStates.Contains(attempt.CurrentState) || attempt.DueAt > now || attempt.CallingSince > now - CallLease)
                return null;

            var interrupted = attempt.CallingSince is not null;
            attempt.CallingSince = now;
            attempt.CallId = Guid.NewGuid();
            attempt.GitHubAttempts++;
            await db.SaveChangesAsync(cancellationToken);
            return new Claimed(attempt, attempt.CallId.Value, interrupted);
        }, cancellationToken);
    }

    /// <summary>
    /// Hands the outcome to the saga. Should it be lost (the broker down, the process gone), the claim lapses and the attempt is taken
    /// up as interrupted; its message id is the call's, so a repeat is the same message.
    /// </summary>
    async Task Report(IBus bus, Guid id, Guid callId, CallOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await bus.Publish(RerunCallCompleted.Of(id, callId, outcome), context => context.MessageId = callId, cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogReportFailed(logger, id, error.GetType().Name, error.Message, CallLease);
        }
    }

    DateTime Now() => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "GitHub is not configured (GitHub:Token or GITHUB_TOKEN, or GitHub:AppId with a private key): failed runs will be recorded as rerun-failed, not re-run")]
    static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for due re-runs failed ({Error}: {Reason}); trying again at the next poll")]
    static partial void LogRoundFailed(ILogger logger, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The outcome of the call about run attempt {AttemptId} could not be handed on ({Error}: {Reason}); the attempt is taken up again within {Lease}")]
    static partial void LogReportFailed(ILogger logger, Guid attemptId, string error, string reason, TimeSpan lease);
}
