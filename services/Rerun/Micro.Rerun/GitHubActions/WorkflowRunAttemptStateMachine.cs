using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// Follows one run attempt through its <c>workflow_job</c> and <c>workflow_run</c> events and GitHub's answers to the calls made about
/// it (<see cref="RerunDispatcher"/> makes them; their outcomes come back as <see cref="RerunCallCompleted"/>):
/// <list type="bullet">
/// <item>Tracking while jobs run;</item>
/// <item>Settled when it is final and needs no call (no failure, ignored, dry run), which a later job can still reopen;</item>
/// <item>JobListDue when the run completed unsuccessfully but no job seen failed: GitHub is asked for the attempt's jobs, and the
/// attempt is judged again from them;</item>
/// <item>RerunDue once a failed attempt is final: GitHub is asked to re-run it, again after an error or while GitHub still reports
/// the run in progress, up to <see cref="RerunOptions.GitHubAttempts"/> times;</item>
/// <item>Decided once GitHub has answered for good.</item>
/// </list>
/// Events after the decision are still recorded but change nothing, so redeliveries and replays cannot cause a second re-run.
/// </summary>
public sealed class WorkflowRunAttemptStateMachine : MassTransitStateMachine<WorkflowRunAttemptState>
{
    readonly RerunJudge judge;
    readonly TimeProvider clock;

    public WorkflowRunAttemptStateMachine(RerunJudge judge, TimeProvider clock)
    {
        this.judge = judge;
        this.clock = clock;
        InstanceState(attempt => attempt.CurrentState);
        Event(() => JobChanged, e => e.CorrelateById(context => RunAttemptKey.Of(context.Message)));
        Event(() => RunChanged, e => e.CorrelateById(context => RunAttemptKey.Of(context.Message)));
        // An answer about a record retention has deleted meanwhile has nothing left to change.
        Event(() => CallCompleted, e =>
        {
            e.CorrelateById(context => context.Message.AttemptId);
            e.OnMissingInstance(missing => missing.Discard());
        });

        Initially(Judged(JobRecorded()), Judged(RunRecorded()));
        During(Tracking, Settled, JobListDue, RerunDue, Judged(JobRecorded()), Judged(RunRecorded()));
        During(Decided, JobRecorded(), RunRecorded());

        During(JobListDue, RerunDue,
            Answered(CallOutcomeKind.Final).Then(context => judge.Refused(context.Saga, context.Message)).TransitionTo(Decided),
            Answered(CallOutcomeKind.Retry).IfElse(context => judge.MayAskAgain(context.Saga),
                later => later.Then(context => judge.Retry(context.Saga, context.Message, Now())),
                enough => enough.Then(context => judge.GiveUp(context.Saga, context.Message)).TransitionTo(Decided)));
        During(RerunDue,
            Answered(CallOutcomeKind.StillRunning).IfElse(context => judge.MayAskAgain(context.Saga),
                later => later.Then(context => judge.Recheck(context.Saga, context.Message, Now())),
                enough => enough.Then(context => RerunJudge.StopRechecking(context.Saga, context.Message)).TransitionTo(Tracking)));
        // Events may have reopened the attempt during the call (a later job queued): only an accepted re-run overrides that.
        During(Tracking, Settled, RerunDue,
            Answered(CallOutcomeKind.Requested).Then(context => judge.Requested(context.Saga, context.Message, Now())).TransitionTo(Decided));
        During(Tracking, Settled, JobListDue, RerunDue,
            Judged(Answered(CallOutcomeKind.JobsListed).Then(context => context.Saga.Observe(context.Message.Jobs ?? [], Now()))));
        // Last, whatever the answer and the state: the call is over, and the attempt free for the next one.
        DuringAny(When(CallCompleted, IsCurrentCall).Then(context => RerunJudge.EndCall(context.Saga, context.Message, Now())));
    }

    public State Tracking { get; private set; } = null!;

    public State Settled { get; private set; } = null!;

    public State JobListDue { get; private set; } = null!;

    public State RerunDue { get; private set; } = null!;

    public State Decided { get; private set; } = null!;

    public Event<WorkflowJobEvent> JobChanged { get; private set; } = null!;

    public Event<WorkflowRunEvent> RunChanged { get; private set; } = null!;

    public Event<RerunCallCompleted> CallCompleted { get; private set; } = null!;

    EventActivityBinder<WorkflowRunAttemptState, WorkflowJobEvent> JobRecorded() =>
        When(JobChanged).Then(context => context.Saga.Observe(context.Message, Now()));

    EventActivityBinder<WorkflowRunAttemptState, WorkflowRunEvent> RunRecorded() =>
        When(RunChanged).Then(context => context.Saga.Observe(context.Message, Now()));

    /// <summary>
    /// An answer of the kind given to the call under way. A late answer to a call whose claim lapsed (another dispatcher has taken the
    /// attempt up since) and a redelivered one both find another call, or none, and change nothing.
    /// </summary>
    EventActivityBinder<WorkflowRunAttemptState, RerunCallCompleted> Answered(CallOutcomeKind kind) =>
        When(CallCompleted, context => context.Message.Kind == kind && IsCurrentCall(context));

    static bool IsCurrentCall(BehaviorContext<WorkflowRunAttemptState, RerunCallCompleted> context) =>
        context.Saga.CallId == context.Message.CallId;

    /// <summary>After an event is recorded: judge the attempt and move to the state the judgement calls for.</summary>
    EventActivityBinder<WorkflowRunAttemptState, T> Judged<T>(EventActivityBinder<WorkflowRunAttemptState, T> recorded)
        where T : class =>
        recorded
            .Then(context =>
            {
                var now = Now();
                judge.Settle(context.Saga, now);
                if (context.Saga.DueAt <= now)
                    DueNow.Mark(context);
            })
            .IfElse(context => context.Saga.Decision != RerunDecision.Pending,
                settled => settled.TransitionTo(Settled),
                open => open.IfElse(context => context.Saga.DueAt is null,
                    running => running.TransitionTo(Tracking),
                    due => due.IfElse(context => context.Saga.Failure is null,
                        unexplained => unexplained.TransitionTo(JobListDue),
                        failed => failed.TransitionTo(RerunDue))));

    DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
