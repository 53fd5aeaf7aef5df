using MassTransit;
using Micro.Contracts.PrLock;

namespace Micro.PrLock.PullRequests;

/// <summary>Turns the lock's events into commit statuses: queued is pending, granted is success, expired is error.</summary>
sealed class LockStatusReporter(CommitStatuses statuses) : IConsumer<PrLockGranted>, IConsumer<PrLockQueued>, IConsumer<PrLockReleased>
{
    public Task Consume(ConsumeContext<PrLockGranted> context) =>
        statuses.Post(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, "success", CommitStatuses.Held,
            context.CancellationToken);

    public Task Consume(ConsumeContext<PrLockQueued> context) =>
        statuses.Post(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, "pending",
            CommitStatuses.WaitingFor(context.Message.HolderPullRequestNumber), context.CancellationToken);

    public Task Consume(ConsumeContext<PrLockReleased> context) =>
        context.Message.Expired
            ? statuses.Post(context.Message.Environment, context.Message.Repository, context.Message.PullRequestNumber, "error", "lock expired",
                context.CancellationToken)
            : Task.CompletedTask;
}
