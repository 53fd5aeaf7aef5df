using MassTransit;
using Micro.Contracts.PrLock;
using Micro.PrLock.Locks;

namespace Micro.PrLock.PullRequests;

/// <summary>
/// Turns the lock's events into commit statuses: granted and queued post what the lock says now (success while held, pending while
/// waiting), an expiry or a hand-over passed on for want of being taken up posts error.
/// </summary>
sealed class LockStatusReporter(CommitStatuses statuses) : IConsumer<PrLockGranted>, IConsumer<PrLockQueued>, IConsumer<PrLockReleased>
{
    public Task Consume(ConsumeContext<PrLockGranted> context) =>
        statuses.PostCurrent(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, context.CancellationToken);

    public Task Consume(ConsumeContext<PrLockQueued> context) =>
        statuses.PostCurrent(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, context.CancellationToken);

    public Task Consume(ConsumeContext<PrLockReleased> context) => context.Message switch
    {
        { Expired: true } => Error(context, "lock expired"),
        { Reason: EnvironmentLock.GrantNotTakenUp } => Error(context, PassedOn),
        _ => Task.CompletedTask,
    };

    public const string PassedOn = "lock passed on: not taken up in time";

    Task Error(ConsumeContext<PrLockReleased> context, string description) =>
        statuses.Post(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, "error", description,
            context.CancellationToken);
}
