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
/// through the outbox, so that <c>running</c> shows while the run is under way. At most
/// <see cref="GitWorkflowOptions.MaxConcurrentRuns"/> runs at a time (<see cref="RunSlots"/>); the others stay <c>pending</c>.
/// </summary>
public sealed partial class WorkflowRunExecutor(
    GitWorkflowDbContext db,
    OutboxRelay<GitWorkflowDbContext> outbox,
    RequestReader reader,
    ForgeDirectory forges,
    WorkflowPlans plans,
    StepRecorder recorder,
    RunSlots slots,
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

        using var slot = await slots.Take(context.CancellationToken);
        await Tell(new WorkflowRunStarted(runId, DateTime.UtcNow));
        var ended = await Execute(run, context.CancellationToken);
        await Tell(ended);
    }

    async Task<WorkflowRunEnded> Execute(WorkflowRun run, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var request = reader.Read(run.Request, out var field, out var problem);
        if (request is null)
            return Failed(run.Id, "validate", $"{field}: {problem}");

        var directories = new WorkingDirectories(settings.WorkDirectory);
        string directory;
        try
        {
            directory = directories.Create(run.Id.ToString("N"));
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return Failed(run.Id, "prepare", $"cannot create the working directory: {failure.Message}");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.RunTimeout);
        try
        {
            var context = Context(run.Id, request, directory);
            return await RunSteps(context, plans.For(request.Workflow, request.Parameters), deadline.Token);
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

    RunContext Context(Guid runId, WorkflowRequest request, string directory)
    {
        var settings = options.Value;
        var forge = forges.For(request.Parameters.GitUrl);
        var (token, user) = forge.GitCredentials;
        var identity = new GitIdentity(request.Parameters.GitUser ?? settings.GitUser, request.Parameters.GitEmail ?? settings.GitEmail);
        var access = new GitAccess(token, user, identity, request.Parameters.GitUrl.IsLocal, settings.GitCommandTimeout);
        return new RunContext(runId, request.Workflow, request.Parameters, forge, access, directory);
    }

    async Task<WorkflowRunEnded> RunSteps(RunContext run, IReadOnlyList<WorkflowStep> steps, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var step in steps)
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
                    await recorder.Fail(record, "stopped: the run's time was up or the service is stopping");
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

    [LoggerMessage(LogLevel.Warning, "Run {RunId}: step {Step} failed (attempt {Attempt}) for a cause that may pass, trying again: {Reason}")]
    partial void LogRetrying(Guid runId, string step, int attempt, string reason);

    [LoggerMessage(LogLevel.Error, "Run {RunId}: its working directory {Directory} could not be removed: {Reason}")]
    partial void LogCleanUpFailed(Guid runId, string directory, string reason);
}
