using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Jobs;

/// <summary>
/// Follows one GitHub Actions job from its <c>workflow_job</c> events, the dispatcher's calls to the launcher and the sweeper's checks:
/// <list type="bullet">
/// <item>Waiting (for an environment's approval), then decided on <c>queued</c>: Ignored, Unmapped, NoLauncher, or LaunchDue;</item>
/// <item>LaunchDue: the dispatcher launches a runner (<see cref="RunnerCallCompleted"/>), tried again with backoff, else LaunchFailed;</item>
/// <item>Launched: waiting for a runner to take the job. Launches whose token is not exchanged in time are cancelled; still queued
/// after the relaunch delay, the job is launched again (LaunchDue), up to the limit, then TimedOut;</item>
/// <item>Started on <c>in_progress</c>, Finished on <c>completed</c>: runners of ours still waiting are cancelled.</item>
/// </list>
/// Jobs for GitHub's own runners never reach it (<see cref="HostedJobFilter"/>). An event that changes nothing (a repeat, a late
/// event of a job decided not to be served) leaves the row as it is, so nothing is written.
/// One saga per job id, so repeated and late events find the job as it is: only a <c>queued</c> event before any other decides, so
/// nothing launches twice or for a job already running or finished.
/// </summary>
public sealed class RunnerJobStateMachine : MassTransitStateMachine<RunnerJobState>
{
    readonly RunnerJobDecider decider;
    readonly LaunchPolicy policy;
    readonly RunnerMetrics metrics;
    readonly TimeProvider clock;

    public RunnerJobStateMachine(RunnerJobDecider decider, LaunchPolicy policy, RunnerMetrics metrics, TimeProvider clock)
    {
        this.decider = decider;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
        InstanceState(job => job.CurrentState);
        Event(() => JobChanged, e => e.CorrelateById(context => RunnerJobKey.Of(context.Message.JobId)));
        Event(() => CallCompleted, e =>
        {
            e.CorrelateById(context => context.Message.JobKey);
            e.OnMissingInstance(missing => missing.Discard());
        });
        Event(() => TokenExchanged, e =>
        {
            e.CorrelateById(context => context.Message.JobKey);
            e.OnMissingInstance(missing => missing.Discard());
        });
        Event(() => Due, e =>
        {
            e.CorrelateById(context => context.Message.JobKey);
            e.OnMissingInstance(missing => missing.Discard());
        });
        // A late or repeated event the job's state has no use for (a queued after in_progress) changes nothing.
        OnUnhandledEvent(context => context.Ignore());

        Initially(
            Decided(Seen(WorkflowJobAction.Queued)),
            Seen(WorkflowJobAction.Waiting).IfElse(RuledOut, IgnoredByLabels, waiting => waiting.TransitionTo(Waiting)),
            Seen(WorkflowJobAction.InProgress).IfElse(RuledOut, IgnoredByLabels, started => started.TransitionTo(Started)),
            Seen(WorkflowJobAction.Completed).IfElse(RuledOut, IgnoredByLabels, finished => finished.TransitionTo(Finished)));

        During(Waiting,
            Decided(Seen(WorkflowJobAction.Queued)),
            Seen(WorkflowJobAction.InProgress).TransitionTo(Started),
            Seen(WorkflowJobAction.Completed).TransitionTo(Finished));

        During(LaunchDue, Launched,
            Seen(WorkflowJobAction.InProgress).Then(context => context.Saga.Closed(cancelledBeforeStart: false)).TransitionTo(Started),
            Seen(WorkflowJobAction.Completed).Then(context => context.Saga.Closed(CancelledBeforeStart(context.Saga))).TransitionTo(Finished));

        // A queued event arriving after in_progress only adds its time to the record.
        During(Started,
            Seen(WorkflowJobAction.Queued),
            Seen(WorkflowJobAction.Completed).TransitionTo(Finished));

        // A job we tried to serve keeps its times to the end. One we decided not to serve (ignored, unmapped, no launcher) keeps the
        // decision and its reason as recorded: its later events are not the broker's business and change nothing.
        During([LaunchFailed, TimedOut, Finished],
            When(JobChanged).Then(context => context.Saga.Observe(context.Message, Now())));

        During(LaunchDue,
            Answered(LaunchOutcomeKind.Launched).Then(context => policy.ScheduleCheck(context.Saga)).TransitionTo(Launched),
            Answered(LaunchOutcomeKind.Retry).IfElse(context => policy.MayTryAgain(context.Saga),
                later => later.Then(context => context.Saga.DueAt = Now() + policy.Backoff(context.Saga)),
                enough => GiveUpLaunching(enough)),
            GiveUpLaunching(Answered(LaunchOutcomeKind.Refused)));
        During([Launched, Started, Finished, LaunchFailed, TimedOut],
            When(CallCompleted, IsCurrentCall).Then(Record));

        During(Launched,
            When(Due)
                .Then(context => policy.TimeOutUnstarted(context.Saga, Now()))
                .IfElse(context => policy.ShouldRelaunch(context.Saga, Now()),
                    again => again.Then(context => context.Saga.LaunchNow(Now(), policy.RelaunchReason(context.Saga))).TransitionTo(LaunchDue),
                    wait => wait.IfElse(context => policy.ShouldGiveUp(context.Saga, Now()),
                        done => done.Then(context =>
                        {
                            context.Saga.Reason = policy.GiveUpReason(context.Saga);
                            context.Saga.CheckAt = null;
                        }).TransitionTo(TimedOut),
                        later => later.Then(context => policy.ScheduleCheck(context.Saga)))));

        DuringAny(When(TokenExchanged).Then(context => Exchanged(context.Saga, context.Message)));
    }

    public State Waiting { get; private set; } = null!;

    public State Ignored { get; private set; } = null!;

    public State Unmapped { get; private set; } = null!;

    public State NoLauncher { get; private set; } = null!;

    public State LaunchDue { get; private set; } = null!;

    public State Launched { get; private set; } = null!;

    public State LaunchFailed { get; private set; } = null!;

    public State Started { get; private set; } = null!;

    public State Finished { get; private set; } = null!;

    public State TimedOut { get; private set; } = null!;

    public Event<WorkflowJobEvent> JobChanged { get; private set; } = null!;

    public Event<RunnerCallCompleted> CallCompleted { get; private set; } = null!;

    public Event<LauncherTokenExchanged> TokenExchanged { get; private set; } = null!;

    public Event<RunnerJobDue> Due { get; private set; } = null!;

    EventActivityBinder<RunnerJobState, WorkflowJobEvent> Seen(WorkflowJobAction action) =>
        When(JobChanged, context => context.Message.Action == action).Then(context => context.Saga.Observe(context.Message, Now()));

    bool RuledOut(BehaviorContext<RunnerJobState, WorkflowJobEvent> context) => decider.RuledOutByLabels(context.Saga.Labels) is not null;

    EventActivityBinder<RunnerJobState, WorkflowJobEvent> IgnoredByLabels(EventActivityBinder<RunnerJobState, WorkflowJobEvent> binder) =>
        binder.Then(context => context.Saga.Reason = decider.RuledOutByLabels(context.Saga.Labels)!).TransitionTo(Ignored);

    /// <summary>A queued job decided: ignored by its labels, unmapped, no launcher, or a launch due now.</summary>
    EventActivityBinder<RunnerJobState, WorkflowJobEvent> Decided(EventActivityBinder<RunnerJobState, WorkflowJobEvent> queued) =>
        queued
            .ThenAsync(async context =>
            {
                var decision = await decider.Decide(context.Saga.Repository, context.Saga.Labels, context.CancellationToken);
                context.Saga.Decided(decision);
                context.GetOrAddPayload(() => decision);
                metrics.Decided(decision.GetType().Name);
            })
            .IfElse(context => Decision(context) is JobDecision.Launch,
                launch => launch.Then(context => context.Saga.LaunchNow(Now(), context.Saga.Reason)).TransitionTo(LaunchDue),
                other => other.IfElse(context => Decision(context) is JobDecision.Unmapped,
                    unmapped => unmapped.TransitionTo(Unmapped),
                    rest => rest.IfElse(context => Decision(context) is JobDecision.NoLauncher,
                        none => none.TransitionTo(NoLauncher),
                        ignored => ignored.TransitionTo(Ignored))));

    static JobDecision Decision(BehaviorContext<RunnerJobState, WorkflowJobEvent> context) => context.GetPayload<JobDecision>();

    EventActivityBinder<RunnerJobState, RunnerCallCompleted> Answered(LaunchOutcomeKind kind) =>
        When(CallCompleted, context => IsCurrentCall(context) && context.Message.Launch?.Kind == kind).Then(Record);

    EventActivityBinder<RunnerJobState, RunnerCallCompleted> GiveUpLaunching(EventActivityBinder<RunnerJobState, RunnerCallCompleted> binder) =>
        binder
            .Then(context =>
            {
                context.Saga.DueAt = null;
                context.Saga.Reason = $"the launcher did not launch a runner after {context.Saga.LaunchTries} tries";
                policy.ScheduleCheck(context.Saga);
            })
            // Earlier launches may still bring a runner: keep following them.
            .IfElse(context => context.Saga.Launches.Any(launch => launch.IsWaiting),
                earlier => earlier.TransitionTo(Launched),
                none => none.TransitionTo(LaunchFailed));

    static bool IsCurrentCall(BehaviorContext<RunnerJobState, RunnerCallCompleted> context) => context.Saga.CallId == context.Message.CallId;

    /// <summary>Records the call's cancels and launch, and ends the call.</summary>
    void Record(BehaviorContext<RunnerJobState, RunnerCallCompleted> context)
    {
        var job = context.Saga;
        var now = Now();
        foreach (var cancel in context.Message.Cancels)
        {
            if (job.Launches.FirstOrDefault(launch => launch.Number == cancel.Number) is not { } launch)
                continue;
            job.Replace(cancel.Done
                ? launch with { CancelDue = false, CancelledAt = now, CancelAnswer = cancel.Answer }
                : launch with { CancelTries = launch.CancelTries + 1, CancelAnswer = cancel.Answer, CancelDue = launch.CancelTries + 1 < LaunchPolicy.CancelAttempts });
            job.LauncherAnswer = cancel.Answer;
        }

        metrics.Cancelled(job.Repository, context.Message.Cancels.Count(cancel => cancel.Done));
        if (context.Message.Launch is { } outcome)
        {
            job.LauncherAnswer = outcome.Answer;
            job.LaunchTries++;
            if (outcome is { Kind: LaunchOutcomeKind.Launched, TokenId: { } tokenId })
            {
                job.Replace(new LaunchRecord(outcome.Number, tokenId, outcome.Launcher ?? "unknown", outcome.ExternalId, now));
                job.LaunchedAt ??= now;
                job.DueAt = null;
                metrics.Launched(job.Repository);
                // The job was closed while the launcher was asked: the runner has nothing to do.
                if (job.CurrentState != nameof(LaunchDue))
                    job.Cancel(launch => launch.Number == outcome.Number, "the job was closed while the runner was launched");
            }
            else
            {
                metrics.LaunchFailed(job.Repository);
            }
        }

        job.CallingSince = null;
        job.CallId = null;
        job.UpdatedAt = now;
    }

    static void Exchanged(RunnerJobState job, LauncherTokenExchanged exchanged)
    {
        if (job.Launches.FirstOrDefault(launch => launch.TokenId == exchanged.TokenId) is { } launch)
            job.Replace(launch with { TokenExchangedAt = launch.TokenExchangedAt ?? exchanged.ExchangedAt });
        job.TokenExchangedAt ??= exchanged.ExchangedAt;
    }

    static bool CancelledBeforeStart(RunnerJobState job) => job.StartedAt is null && job.Conclusion == "cancelled";

    DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
