using MassTransit;
using Micro.Contracts.GitHub;
using Micro.PrLock.Locks;
using Microsoft.EntityFrameworkCore;

namespace Micro.PrLock.PullRequests;

/// <summary>
/// Follows pull requests from ingestion: remembers each one's head commit for commit statuses, and lets a closed one go of the locks it
/// holds and the queues it waits in. Both effects are the same however often a message is delivered.
/// </summary>
sealed class PullRequestLockConsumer(PrLockDbContext db, LockLedger ledger, TimeProvider time) : IConsumer<PullRequestEvent>
{
    public async Task Consume(ConsumeContext<PullRequestEvent> context)
    {
        var message = context.Message;
        var repository = RepositoryName.Canonical(message.Origin.Repository.FullName);
        var head = await db.Heads.SingleOrDefaultAsync(h => h.Repository == repository && h.Number == message.Number, context.CancellationToken);
        if (head is null)
        {
            head = new PullRequestHead { Repository = repository, Number = message.Number, HeadSha = message.HeadSha };
            db.Heads.Add(head);
        }

        head.HeadSha = message.HeadSha;
        head.InstallationId = message.Origin.InstallationId;
        head.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(context.CancellationToken);

        if (message.Action == PullRequestAction.Closed)
            await ledger.PullRequestClosed(repository, message.Number, message.Merged, context.CancellationToken);
    }
}
