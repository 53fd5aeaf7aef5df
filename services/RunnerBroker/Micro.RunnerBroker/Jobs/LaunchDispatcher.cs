using MassTransit;
using Micro.Persistence.Sagas;
using Micro.RunnerBroker.Data;
using Micro.RunnerBroker.Launching;
using Micro.RunnerBroker.Tokens;
using Micro.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// Makes the calls to the launcher that jobs' sagas have made due: cancels first, then a launch, each job once at a time, and reports
/// what came of them to the saga (<see cref="RunnerCallCompleted"/>), which alone moves the job on. A job is claimed under its row lock
/// and the claim committed before the launcher is called, so two replicas never launch for the same job at once; a claim left by a
/// crash lapses after <see cref="CallLease"/> and the job is taken up again.
/// </summary>
public sealed partial class LaunchDispatcher(
    IDbContextFactory<RunnerBrokerDbContext> contexts,
    IServiceScopeFactory scopes,
    IEnumerable<IRunnerLauncher> launchers,
    SigningKeys keys,
    IOptionsMonitor<RunnerBrokerOptions> options,
    TimeProvider clock,
    ILogger<LaunchDispatcher> logger) : BackgroundService
{
    const int BatchSize = 50;

    /// <summary>Longer than one round of calls about a job can take: a claim older than this was left by a crash.</summary>
    public static readonly TimeSpan CallLease = TimeSpan.FromMinutes(10);

    readonly IRunnerLauncher? launcher = launchers.LastOrDefault();
    readonly WakeSignal wake = new();

    public void Notify() => wake.Notify();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDue(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // The jobs stay due; the next round takes them up again.
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
            const string launchDue = nameof(RunnerJobStateMachine.LaunchDue);
            List<Guid> due;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                due = await db.Jobs.AsNoTracking()
                    .Where(job => ((job.CurrentState == launchDue && job.DueAt <= now) || job.CancelsDue)
                        && (job.CallingSince == null || job.CallingSince < abandoned))
                    .OrderBy(job => job.DueAt).Select(job => job.CorrelationId).Take(BatchSize)
                    .ToListAsync(cancellationToken);
            }

            foreach (var id in due)
                await Dispatch(id, cancellationToken);

            if (due.Count < BatchSize)
                return;
        }
    }

    async Task Dispatch(Guid id, CancellationToken cancellationToken)
    {
        var key = await keys.Current(cancellationToken);
        var claim = await Claim(id, cancellationToken);
        if (claim is null)
            return;

        using var withinLease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        withinLease.CancelAfter(CallLease - TimeSpan.FromMinutes(1));
        var cancels = new List<CancelOutcome>();
        foreach (var launch in claim.Job.Launches.Where(launch => launch.CancelDue))
            cancels.Add(await Cancel(launch, withinLease.Token));

        LaunchOutcome? launched = null;
        if (claim.Token is { } token)
            launched = await Launch(claim.Job, token, LauncherTokens.Sign(claim.Claims!, key), withinLease.Token);

        await using var scope = scopes.CreateAsyncScope();
        await Report(scope.ServiceProvider.GetRequiredService<IBus>(), new RunnerCallCompleted(id, claim.CallId, cancels, launched), cancellationToken);
    }

    sealed record Claimed(RunnerJobState Job, Guid CallId, LauncherTokenRecord? Token, LauncherTokenClaims? Claims);

    /// <summary>
    /// Marks a job that is still due as being called and commits that before any call; a launch also gets its launcher token recorded
    /// here, so that the token is on record before any runner can present it.
    /// </summary>
    async Task<Claimed?> Claim(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SagaTransaction.Run(db, async () =>
        {
            var now = Now();
            var job = await SagaRowLock.LoadLocked<RunnerJobState>(db, id, cancellationToken);
            var launchDue = job is { CurrentState: nameof(RunnerJobStateMachine.LaunchDue) } && job.DueAt <= now;
            if (job is null || !(launchDue || job.CancelsDue) || job.CallingSince > now - CallLease)
                return null;

            job.CallingSince = now;
            job.CallId = Guid.NewGuid();
            LauncherTokenRecord? token = null;
            LauncherTokenClaims? claims = null;
            if (launchDue)
            {
                var number = job.Launches.Count == 0 ? 1 : job.Launches.Max(launch => launch.Number) + 1;
                var expires = now + options.CurrentValue.LauncherTokenLifetime;
                token = new LauncherTokenRecord
                {
                    Id = Guid.NewGuid(), JobKey = id, JobId = job.JobId, LaunchNumber = number, IssuedAt = now, ExpiresAt = expires,
                };
                db.LauncherTokens.Add(token);
                claims = new LauncherTokenClaims(token.Id, job.JobId, number, job.Repository, job.Labels,
                    new DateTimeOffset(now).ToUnixTimeSeconds(), new DateTimeOffset(expires).ToUnixTimeSeconds());
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Claimed(job, job.CallId.Value, token, claims);
        }, cancellationToken);
    }

    async Task<CancelOutcome> Cancel(LaunchRecord launch, CancellationToken cancellationToken)
    {
        if (launcher is null)
            return new CancelOutcome(launch.Number, false, "no launcher is configured to cancel the runner");
        try
        {
            await launcher.Cancel(new RunnerLaunched(launch.Launcher, launch.ExternalId), cancellationToken);
            return new CancelOutcome(launch.Number, true, launch.ExternalId is null ? "cancelled" : $"cancelled {launch.ExternalId}");
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested || error is RunnerLaunchException)
        {
            LogCancelFailed(logger, launch.Number, error.Message);
            return new CancelOutcome(launch.Number, false, error.Message);
        }
    }

    async Task<LaunchOutcome> Launch(RunnerJobState job, LauncherTokenRecord token, string signed, CancellationToken cancellationToken)
    {
        if (launcher is null)
            return new LaunchOutcome(LaunchOutcomeKind.Refused, "no launcher is configured");

        var launch = new RunnerLaunch(job.JobId, job.Repository, new Uri(job.RepositoryUrl), job.Labels, job.Partition ?? options.CurrentValue.DefaultPartition,
            job.LauncherUser ?? string.Empty, signed, options.CurrentValue.TokenUrl!);
        try
        {
            var launched = await launcher.Launch(launch, cancellationToken);
            LogLaunched(logger, job.JobId, job.Repository, token.LaunchNumber, launched.Launcher, launched.ExternalId);
            return new LaunchOutcome(LaunchOutcomeKind.Launched, launched.ExternalId is null ? "accepted" : $"accepted as {launched.ExternalId}",
                launched.Launcher, launched.ExternalId, token.Id, token.LaunchNumber);
        }
        catch (RunnerLaunchException error)
        {
            LogLaunchFailed(logger, job.JobId, error.Transient, error.Message);
            return new LaunchOutcome(error.Transient ? LaunchOutcomeKind.Retry : LaunchOutcomeKind.Refused, error.Message);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested || error is OperationCanceledException)
        {
            LogLaunchFailed(logger, job.JobId, true, error.Message);
            return new LaunchOutcome(LaunchOutcomeKind.Retry, $"{error.GetType().Name}: {error.Message}");
        }
    }

    /// <summary>Hands the outcome to the saga; should it be lost, the claim lapses and the job is taken up again.</summary>
    async Task Report(IBus bus, RunnerCallCompleted completed, CancellationToken cancellationToken)
    {
        try
        {
            await bus.Publish(completed, context => context.MessageId = completed.CallId, cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogReportFailed(logger, completed.JobKey, error.GetType().Name, error.Message, CallLease);
        }
    }

    DateTime Now() => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "Launched runner {Launch} for job {JobId} of {Repository} with {Launcher} ({ExternalId})")]
    static partial void LogLaunched(ILogger logger, long jobId, string repository, int launch, string launcher, string? externalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Launching a runner for job {JobId} failed (transient: {Transient}): {Answer}")]
    static partial void LogLaunchFailed(ILogger logger, long jobId, bool transient, string answer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancelling launch {Launch} failed: {Answer}")]
    static partial void LogCancelFailed(ILogger logger, int launch, string answer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for due launches failed ({Error}: {Reason}); trying again at the next poll")]
    static partial void LogRoundFailed(ILogger logger, string error, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The outcome of the launcher call about job {JobKey} could not be handed on ({Error}: {Reason}); the job is taken up again within {Lease}")]
    static partial void LogReportFailed(ILogger logger, Guid jobKey, string error, string reason, TimeSpan lease);
}
