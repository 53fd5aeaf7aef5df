using Micro.GitWorkflow.Data;
using Micro.Persistence.Outbox;
using Micro.Persistence.Sagas;
using Microsoft.EntityFrameworkCore;

namespace Micro.GitWorkflow.Runs;

/// <summary>
/// Where runs enter, from the HTTP API and from the bus: the request is stored with the message that hands it to the saga, in one
/// transaction, so a run answered 202 (or a message acknowledged) is never lost. A run whose id exists is not stored again.
/// </summary>
public sealed class RunIntake(GitWorkflowDbContext db, OutboxRelay<GitWorkflowDbContext> outbox)
{
    static readonly Guid Namespace = new("4f0e2b8c-2a51-4d9e-9f53-7f0f6c1f6a10");

    /// <summary>The run of an idempotency key or message id: the same key is the same run.</summary>
    public static Guid IdOf(string source, string key) => NameBasedId.Of(Namespace, $"{source}:{key}");

    /// <summary>Stores the run unless it exists; true when it was new.</summary>
    public async Task<bool> Submit(WorkflowRun run, string? rejectedBecause, CancellationToken cancellationToken)
    {
        if (await db.Runs.AnyAsync(row => row.Id == run.Id, cancellationToken))
            return false;

        run.CreatedAt = DateTime.UtcNow;
        db.Runs.Add(run);
        db.AddToOutbox(new WorkflowRunSubmitted(run.Id, run.Workflow, rejectedBecause), run.CreatedAt);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same key submitted twice at once: the other one stored it.
            if (await Exists(run.Id, cancellationToken))
                return false;
            throw;
        }

        outbox.Wake();
        return true;
    }

    async Task<bool> Exists(Guid id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Runs.AnyAsync(row => row.Id == id, cancellationToken);
    }
}
