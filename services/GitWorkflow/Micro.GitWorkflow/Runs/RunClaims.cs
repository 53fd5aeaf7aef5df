using Micro.GitWorkflow.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micro.GitWorkflow.Runs;

/// <summary>
/// An executor's claim on a run, so that a run executes once however often it is handed out (a redelivery after RabbitMQ's consumer
/// time-out, a repeated go, two replicas). A claim is taken by one conditional UPDATE, which the database applies to one executor only;
/// it holds for <see cref="GitWorkflowOptions.ClaimLease"/> and its holder renews it while the run goes on. A claim that lapsed belongs
/// to a holder that died: it may be taken over. Each operation has a context of its own, since renewal runs beside the run's steps.
/// </summary>
public sealed class RunClaims(IDbContextFactory<GitWorkflowDbContext> contexts, IOptions<GitWorkflowOptions> options, TimeProvider time)
{
    /// <summary>A holder name for one execution: host, process and a unique part (two consumers of one process are two holders).</summary>
    public static string NewHolder()
    {
        var holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return holder.Length <= 200 ? holder : holder[^200..];
    }

    /// <summary>Takes the run for <paramref name="holder"/> unless it has been executed or another holder's claim is still live.</summary>
    public async Task<RunClaim> Claim(Guid runId, string holder, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var before = await db.Runs.AsNoTracking().Where(run => run.Id == runId)
            .Select(run => new { run.ClaimedBy, run.ClaimedUntil, run.ExecutedAt }).SingleOrDefaultAsync(cancellationToken);
        if (before is null || before.ExecutedAt is not null)
            return new RunClaim(RunClaimOutcome.Executed, before?.ClaimedBy);

        var now = Now;
        var taken = await db.Runs
            .Where(run => run.Id == runId && run.ExecutedAt == null && (run.ClaimedUntil == null || run.ClaimedUntil < now))
            .ExecuteUpdateAsync(run => run
                .SetProperty(r => r.ClaimedBy, holder)
                .SetProperty(r => r.ClaimedUntil, now + options.Value.ClaimLease), cancellationToken);
        return taken == 1
            ? new RunClaim(RunClaimOutcome.Taken, before.ClaimedBy)
            : new RunClaim(RunClaimOutcome.HeldElsewhere, before.ClaimedBy);
    }

    /// <summary>Extends the holder's claim; false when it is no longer the holder's (it lapsed and was taken over).</summary>
    public async Task<bool> Renew(Guid runId, string holder, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var until = Now + options.Value.ClaimLease;
        return await db.Runs.Where(run => run.Id == runId && run.ClaimedBy == holder && run.ExecutedAt == null)
            .ExecuteUpdateAsync(run => run.SetProperty(r => r.ClaimedUntil, until), cancellationToken) == 1;
    }

    /// <summary>Gives the run up unfinished (the service stops, the consume fails): the next executor takes it at once, not after the lease.</summary>
    public async Task Release(Guid runId, string holder)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.Runs.Where(run => run.Id == runId && run.ClaimedBy == holder && run.ExecutedAt == null)
            .ExecuteUpdateAsync(run => run.SetProperty(r => r.ClaimedUntil, (DateTime?)null), CancellationToken.None);
    }

    DateTime Now => time.GetUtcNow().UtcDateTime;
}

public enum RunClaimOutcome
{
    /// <summary>The run is this executor's to run.</summary>
    Taken,

    /// <summary>Another executor holds a live claim: it will finish the run, or its claim lapses and the run is handed out again.</summary>
    HeldElsewhere,

    /// <summary>The run was executed to its end already (or is unknown).</summary>
    Executed,
}

/// <summary>The outcome of a claim, and who held the run before (the holder that died, when the run is taken over).</summary>
public sealed record RunClaim(RunClaimOutcome Outcome, string? PreviousHolder);
