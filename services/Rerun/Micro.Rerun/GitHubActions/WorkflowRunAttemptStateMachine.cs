using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// Follows one run attempt through its <c>workflow_job</c> and <c>workflow_run</c> events: Tracking while jobs run; Settled when it
/// is final and needs no call (no failure, ignored, dry run), which a later job can still reopen; RerunDue once a failed attempt is
/// final (the dispatcher then asks GitHub); Decided once GitHub was asked. Events after that are still recorded but change nothing,
/// so redeliveries and replays cannot cause a second re-run.
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

        Initially(Judged(JobRecorded()), Judged(RunRecorded()));
        During(Tracking, Settled, RerunDue, Judged(JobRecorded()), Judged(RunRecorded()));
        During(Decided, JobRecorded(), RunRecorded());
    }

    public State Tracking { get; private set; } = null!;

    public State Settled { get; private set; } = null!;

    public State RerunDue { get; private set; } = null!;

    public State Decided { get; private set; } = null!;

    public Event<WorkflowJobEvent> JobChanged { get; private set; } = null!;

    public Event<WorkflowRunEvent> RunChanged { get; private set; } = null!;

    EventActivityBinder<WorkflowRunAttemptState, WorkflowJobEvent> JobRecorded() =>
        When(JobChanged).Then(context => context.Saga.Observe(context.Message, Now()));

    EventActivityBinder<WorkflowRunAttemptState, WorkflowRunEvent> RunRecorded() =>
        When(RunChanged).Then(context => context.Saga.Observe(context.Message, Now()));

    /// <summary>After an event is recorded: judge the attempt and move to the state the judgement calls for.</summary>
    EventActivityBinder<WorkflowRunAttemptState, T> Judged<T>(EventActivityBinder<WorkflowRunAttemptState, T> recorded)
        where T : class =>
        recorded
            .Then(context => judge.Settle(context.Saga, Now()))
            .IfElse(context => context.Saga.Decision != RerunDecision.Pending,
                settled => settled.TransitionTo(Settled),
                open => open.IfElse(context => context.Saga.DueAt is not null,
                    due => due.TransitionTo(RerunDue),
                    running => running.TransitionTo(Tracking)));

    DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
