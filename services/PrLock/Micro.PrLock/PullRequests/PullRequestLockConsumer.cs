using MassTransit;
using Micro.Contracts.GitHub;
using Micro.PrLock.Data;
using Micro.PrLock.Locks;
using Microsoft.EntityFrameworkCore;

namespace Micro.PrLock.PullRequests;

/// <summary>
/// Follows pull requests from ingestion: remembers each one's head commit for commit statuses (and gives a new one its status), and
/// lets a closed one go of the locks it holds and the queues it waits in. Each effect is the same however often a message is delivered.
/// </summary>
sealed class PullRequestLockConsumer(PrLockDbContext db, LockLedger ledger, CommitStatuses statuses, TimeProvider time) : IConsumer<PullRequestEvent>
{
    public async Task Consume(ConsumeContext<PullRequestEvent> context)
    {
        var message = context.Message;
        var repository = RepositoryName.Canonical(message.Origin.Repository.FullName);
        var head = await db.Heads.SingleOrDefaultAsync(h => h.Repository == repository && h.Number == message.Number, context.CancellationToken);
        var moved = head?.HeadSha != message.HeadSha;
        if (head is null)
        {
            head = new PullRequestHead { Repository = repository, Number = message.Number, HeadSha = message.HeadSha };
            db.Heads.Add(head);
        }

        head.HeadSha = message.HeadSha;
        head.InstallationId = message.Origin.InstallationId;
        head.UpdatedAt = time.GetUtcNow().UtcDateTime;
        if (moved && message.Action != PullRequestAction.Closed)
            await statuses.Refresh(head, context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);

        if (message.Action == PullRequestAction.Closed)
            await ledger.PullRequestClosed(repository, message.Number, message.Merged, context.CancellationToken);
    }
}
