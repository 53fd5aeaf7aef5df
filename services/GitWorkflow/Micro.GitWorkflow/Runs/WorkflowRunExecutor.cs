using MassTransit;
using Micro.GitWorkflow.Data;
using Micro.GitWorkflow.Forges;
using Micro.GitWorkflow.Git;
using Micro.GitWorkflow.Workflows;
using Micro.Persistence.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Runs;

/// <summary>
/// Runs a workflow when the saga says so: step by step, each recorded as it happens. A step failing for a transient cause is tried
/// again after a growing pause, up to <see cref="GitWorkflowOptions.StepAttempts"/> times, the run resuming with that step (earlier
/// steps are not repeated); any other failure ends the run. The run's directory is removed however it ends. The executor tells the saga
/// through the outbox, so that <c>running</c> shows while the run is under way.
/// <para>
/// A run executes once: the executor first claims it (<see cref="RunClaims"/>) and renews the claim while it runs; a go for a run that
/// another executor holds is acknowledged and left to that holder. A run whose holder died is taken over (<see cref="RunTakeovers"/>)
/// and resumes after its last lasting step, with the branch it chose (<see cref="WorkflowPlans.ResumeIndex"/>). The endpoint takes
/// <see cref="GitWorkflowOptions.MaxConcurrentRuns"/> messages at a time, and fetches no more, so that no go waits unacknowledged
/// behind running ones until the broker's consumer time-out hands it out again.
/// </para>
/// </summary>
public sealed partial class WorkflowRunExecutor(
    GitWorkflowDbContext db,
    OutboxRelay<GitWorkflowDbContext> outbox,
    RequestReader reader,
    ForgeDirectory forges,
    WorkflowPlans plans,
    StepRecorder recorder,
    RunClaims claims,
    IOptions<GitWorkflowOptions> options,
    ILogger<WorkflowRunExecutor> logger)
    : IConsumer<ExecuteWorkflowRun>
{
    public async Task Consume(ConsumeContext<ExecuteWorkflowRun> context)
    {
        var runId = context.Message.RunId;
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(row => row.Id == runId, context.CancellationToken);
        var state = await db.States.AsNoTracking().Where(s => s.CorrelationId == runId).Select(s => s.CurrentState).SingleOrDefaultAsync(context.CancellationToken);
        // A redelivered go for a run that has ended (or is not known) does nothing: a run never runs twice to its end.
        if (run is null || state is not (nameof(WorkflowRunStateMachine.Pending) or nameof(WorkflowRunStateMachine.Running)))
            return;

        var holder = RunClaims.NewHolder();
        var claim = await claims.Claim(runId, holder, context.CancellationToken);
        if (claim.Outcome != RunClaimOutcome.Taken)
        {
            if (claim.Outcome == RunClaimOutcome.HeldElsewhere)
                LogHeldElsewhere(runId, claim.PreviousHolder ?? "another executor");
            return;
        }

        using var claimLost = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        using var stopRenewing = new CancellationTokenSource();
        var renewal = KeepClaimed(runId, holder, claimLost, stopRenewing.Token);
        var finished = false;
        try
        {
            await Tell(new WorkflowRunStarted(runId, DateTime.UtcNow));
            var ended = await Execute(run, holder, claim.PreviousHolder, claimLost, claimLost.Token);
            await Finish(ended);
            finished = true;
        }
        catch (OperationCanceledException) when (claimLost.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // Another executor took the run over; this one stops without a word to the saga, which hears from the new holder.
            LogClaimLost(runId);
        }
        finally
        {
            await stopRenewing.CancelAsync();
            await renewal;
            if (!finished)
                await claims.Release(runId, holder);
        }
    }

    /// <summary>Renews the claim every third of its lease; when it turns out taken over, cancels the run.</summary>
    async Task KeepClaimed(Guid runId, string holder, CancellationTokenSource claimLost, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.ClaimLease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (await claims.Renew(runId, holder, stop))
                        continue;
                    await claimLost.CancelAsync();
                    return;
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    // The database is away for now: the run goes on and renews at the next tick, before the lease runs out if it can.
                    LogRenewalFailed(runId, failure.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    async Task<WorkflowRunEnded> Execute(WorkflowRun run, string holder, string? previousHolder, CancellationTokenSource claimLost, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var request = reader.Read(run.Request, out var field, out var problem);
        if (request is null)
            return Failed(run.Id, "validate", $"{field}: {problem}");

        var directories = new WorkingDirectories(settings.WorkDirectory);
        string directory;
        try
        {
            // One directory per execution: an executor whose claim was taken over cleans up its own, never its successor's.
            directory = directories.Create($"{run.Id:N}-{holder[^32..^24]}");
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return Failed(run.Id, "prepare", $"cannot create the working directory: {failure.Message}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.RunTimeout);
        try
        {
            var context = Context(run, request, directory, holder, claimLost);
            var plan = plans.For(request.Workflow, request.Parameters);
            var resumeAt = await ResumeIndex(run.Id, plan, previousHolder, deadline.Token);
            return await RunSteps(context, plan, resumeAt, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(run.Id, "run", $"the run took longer than {settings.RunTimeout} and was stopped");
        }
        finally
        {
            await CleanUp(run.Id, directories, directory);
        }
    }

    RunContext Context(WorkflowRun run, WorkflowRequest request, string directory, string holder, CancellationTokenSource claimLost)
    {
        var settings = options.Value;
        var forge = forges.For(request.Parameters.GitUrl);
        var (token, user) = forge.GitCredentials;
        var identity = new GitIdentity(request.Parameters.GitUser ?? settings.GitUser, request.Parameters.GitEmail ?? settings.GitEmail);
        var access = new GitAccess(token, user, identity, request.Parameters.GitUrl.IsLocal, settings.GitCommandTimeout);
        return new RunContext(run.Id, request.Workflow, request.Parameters, forge, access, directory, (context, cancellationToken) => Keep(context, holder, claimLost, cancellationToken))
        {
            WorkBranch = run.WorkBranch,
            BaseBranch = run.BaseBranch,
            ChangeRequestUrl = run.ChangeRequestUrl,
        };
    }

    /// <summary>Writes what the run chose into its record, as long as the run is still this executor's.</summary>
    async Task Keep(RunContext run, string holder, CancellationTokenSource claimLost, CancellationToken cancellationToken)
    {
        var kept = await db.Runs.Where(row => row.Id == run.RunId && row.ClaimedBy == holder)
            .ExecuteUpdateAsync(row => row
                .SetProperty(r => r.WorkBranch, run.WorkBranch)
                .SetProperty(r => r.BaseBranch, run.BaseBranch)
                .SetProperty(r => r.ChangeRequestUrl, run.ChangeRequestUrl), cancellationToken);
        if (kept == 0)
        {
            await claimLost.CancelAsync();
            claimLost.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Where to start: at the beginning, or, for a run an earlier executor left unfinished, after its last lasting step.</summary>
    async Task<int> ResumeIndex(Guid runId, IReadOnlyList<WorkflowStep> plan, string? previousHolder, CancellationToken cancellationToken)
    {
        var done = await db.Steps.AsNoTracking().Where(step => step.RunId == runId && step.State == WorkflowRunStep.Succeeded)
            .Select(step => step.Name).Distinct().ToListAsync(cancellationToken);
        if (done.Count == 0)
            return 0;

        var resumeAt = WorkflowPlans.ResumeIndex(plan, done);
        var record = await recorder.Start(runId, "resume", 1, cancellationToken);
        var kept = resumeAt == 0 ? "nothing lasting was done yet; starting again from a fresh clone" : $"done already: {string.Join(", ", plan.Take(resumeAt).Where(step => step.Kind == StepKind.Lasting).Select(step => step.Name))}";
        var next = resumeAt < plan.Count ? plan[resumeAt].Name : "nothing left";
        await recorder.Succeed(record, $"taken over from {previousHolder ?? "an executor that stopped"}; {kept}; next: {next}", options.Value.OutputLimit);
        LogResuming(runId, next);
        return resumeAt;
    }

    async Task<WorkflowRunEnded> RunSteps(RunContext run, IReadOnlyList<WorkflowStep> steps, int resumeAt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Steps before the resume point are done, except those that only read what later ones need.
        foreach (var step in steps.Where((step, index) => index >= resumeAt || step.Kind == StepKind.Reading))
        {
            for (var attempt = 1; ; attempt++)
            {
                var record = await recorder.Start(run.RunId, step.Name, attempt, cancellationToken);
                try
                {
                    var output = await step.Run(run, cancellationToken);
                    await recorder.Succeed(record, run.Access.Redact(output), settings.OutputLimit);
                    break;
                }
                catch (WorkflowFailure failure)
                {
                    var reason = run.Access.Redact(failure.Message);
                    await recorder.Fail(record, reason);
                    if (!failure.Transient || attempt >= settings.StepAttempts)
                        return Failed(run.RunId, step.Name, reason, run.ChangeRequestUrl);
                    LogRetrying(run.RunId, step.Name, attempt, reason);
                    await Task.Delay(settings.RetryDelay * Math.Pow(2, attempt - 1), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    await recorder.Fail(record, "stopped: the run's time was up, the service is stopping, or another executor took the run over");
                    throw;
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    // Not a failure a step foresaw (a full disk, a malformed answer): the run ends with it rather than being redelivered.
                    var reason = run.Access.Redact($"{failure.GetType().Name}: {failure.Message}");
                    await recorder.Fail(record, reason);
                    return Failed(run.RunId, step.Name, reason, run.ChangeRequestUrl);
                }
            }
        }

        return new WorkflowRunEnded(run.RunId, true, null, null, run.ChangeRequestUrl, DateTime.UtcNow);
    }

    async Task CleanUp(Guid runId, WorkingDirectories directories, string directory)
    {
        var record = await recorder.Start(runId, "cleanup", 1, CancellationToken.None);
        try
        {
            await recorder.Succeed(record, directories.Remove(directory) ? $"removed {directory}" : "nothing to remove", options.Value.OutputLimit);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            LogCleanUpFailed(runId, directory, failure.Message);
            await recorder.Fail(record, $"cannot remove {directory}: {failure.Message}");
        }
    }

    static WorkflowRunEnded Failed(Guid runId, string step, string reason, string? pullRequestUrl = null) =>
        new(runId, false, step, reason, pullRequestUrl, DateTime.UtcNow);

    /// <summary>Through the outbox, at once: the consumer's own publications would wait until the run is over.</summary>
    async Task Tell(object message)
    {
        db.AddToOutbox(message, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync(CancellationToken.None);
        outbox.Wake();
    }

    /// <summary>The run's end goes to the saga in the transaction that marks the run executed, so no executor claims it again.</summary>
    async Task Finish(WorkflowRunEnded ended)
    {
        var run = await db.Runs.SingleAsync(row => row.Id == ended.RunId, CancellationToken.None);
        run.ExecutedAt = ended.At;
        await Tell(ended);
    }

    [LoggerMessage(LogLevel.Information, "Run {RunId} is being executed by {Holder}; this go is left to it")]
    partial void LogHeldElsewhere(Guid runId, string holder);

    [LoggerMessage(LogLevel.Warning, "Run {RunId}: its claim lapsed and another executor took the run over; this one stops")]
    partial void LogClaimLost(Guid runId);

    [LoggerMessage(LogLevel.Warning, "Run {RunId}: its claim could not be renewed for now: {Reason}")]
    partial void LogRenewalFailed(Guid runId, string reason);

    [LoggerMessage(LogLevel.Information, "Run {RunId} is taken over from an executor that stopped; it resumes with {Step}")]
    partial void LogResuming(Guid runId, string step);

    [LoggerMessage(LogLevel.Warning, "Run {RunId}: step {Step} failed (attempt {Attempt}) for a cause that may pass, trying again: {Reason}")]
    partial void LogRetrying(Guid runId, string step, int attempt, string reason);

    [LoggerMessage(LogLevel.Error, "Run {RunId}: its working directory {Directory} could not be removed: {Reason}")]
    partial void LogCleanUpFailed(Guid runId, string directory, string reason);
}
