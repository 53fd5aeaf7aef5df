using MassTransit;
using Micro.Contracts.PrLock;

namespace Micro.PrLock.PullRequests;

/// <summary>
/// Turns the lock's events into commit statuses: granted and queued post what the lock says now (success while held, pending while
/// waiting), an expiry posts error.
/// </summary>
sealed class LockStatusReporter(CommitStatuses statuses) : IConsumer<PrLockGranted>, IConsumer<PrLockQueued>, IConsumer<PrLockReleased>
{
    public Task Consume(ConsumeContext<PrLockGranted> context) =>
        statuses.PostCurrent(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, context.CancellationToken);

    public Task Consume(ConsumeContext<PrLockQueued> context) =>
        statuses.PostCurrent(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, context.CancellationToken);

    public Task Consume(ConsumeContext<PrLockReleased> context) =>
        context.Message.Expired
            ? statuses.Post(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, "error", "lock expired",
                context.CancellationToken)
            : Task.CompletedTask;
}
