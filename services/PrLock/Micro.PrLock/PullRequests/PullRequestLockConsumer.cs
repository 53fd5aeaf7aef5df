using MassTransit;
using Micro.Contracts.GitHub;
using Micro.PrLock.Data;
using Micro.PrLock.Locks;
using Microsoft.EntityFrameworkCore;

namespace Micro.PrLock.PullRequests;

/// <summary>
/// Follows pull requests from ingestion: remembers each one's head commit for commit statuses (and gives a new one its status), and
/// lets a closed one go of the locks it holds and the queues it waits in. Each effect is the same however often a message is delivered,
/// and an event older than one already applied (by GitHub's <c>updated_at</c>) has none.
/// </summary>
sealed partial class PullRequestLockConsumer(
    PrLockDbContext db, LockLedger ledger, CommitStatuses statuses, TimeProvider time, ILogger<PullRequestLockConsumer> logger) : IConsumer<PullRequestEvent>
{
    public async Task Consume(ConsumeContext<PullRequestEvent> context)
    {
        var message = context.Message;
        var repository = RepositoryName.Canonical(message.Origin.Repository.FullName);
        var head = await db.Heads.SingleOrDefaultAsync(h => h.Repository == repository && h.Number == message.Number, context.CancellationToken);
        if (head is not null && head.IsNewerThan(message.UpdatedAt))
        {
            LogStale(logger, message.Action, repository, message.Number, message.UpdatedAt, head.GitHubUpdatedAt);
            return;
        }

        var moved = head?.HeadSha != message.HeadSha;
        if (head is null)
        {
            head = new PullRequestHead { Repository = repository, Number = message.Number, HeadSha = message.HeadSha };
            db.Heads.Add(head);
        }

        head.HeadSha = message.HeadSha;
        head.InstallationId = message.Origin.InstallationId;
        head.UpdatedAt = time.GetUtcNow().UtcDateTime;
        // Equal is applied again: the same event redelivered has the same effect.
        if (message.UpdatedAt is { } updatedAt)
            head.GitHubUpdatedAt = updatedAt.UtcDateTime;
        if (moved && message.Action != PullRequestAction.Closed)
            await statuses.Refresh(head, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);

        if (message.Action == PullRequestAction.Closed)
            await ledger.PullRequestClosed(repository, message.Number, message.Merged, context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Ignored a stale {Action} of {Repository}#{PullRequest}: updated at {UpdatedAt}, already applied one of {Applied}")]
    static partial void LogStale(ILogger logger, PullRequestAction action, string repository, int pullRequest, DateTimeOffset? updatedAt, DateTime? applied);
}
