using Micro.PrLock.Data;
using Microsoft.EntityFrameworkCore;

namespace Micro.PrLock.Locks;

/// <summary>
/// Environment names ignore case since locks are found by <see cref="EnvironmentNames.IdOf"/> of the lower-case name; a lock stored
/// earlier under a name with upper-case letters sits under the id of that spelling, where nothing would find it again. At start this
/// moves each such lock, with its queue and history, to its lower-case name. Two stored locks whose names differ only by case are
/// never merged: both stay as they are (the lower-case one, if any, is the one reached) and each start logs an error naming them.
/// </summary>
sealed partial class EnvironmentNameFolding(IDbContextFactory<PrLockDbContext> contexts, ILogger<EnvironmentNameFolding> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = await db.Locks.AsNoTracking().Select(environment => environment.Name).ToListAsync(cancellationToken);
        foreach (var spellings in names.GroupBy(EnvironmentNames.Canonical).Where(group => group.Any(name => name != group.Key)))
        {
            if (spellings.Count() > 1)
                LogCaseTwins(logger, spellings.Key, string.Join(", ", spellings.Order(StringComparer.Ordinal)));
            else
                await Fold(spellings.Single(), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    async Task Fold(string stored, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var old = await db.Locks.SingleOrDefaultAsync(environment => environment.Name == stored, cancellationToken);
        if (old is null)
            return; // another replica folded it meanwhile

        var canonical = EnvironmentNames.Canonical(stored);
        var folded = db.Entry(old).CurrentValues.Clone();
        folded[nameof(EnvironmentLock.CorrelationId)] = EnvironmentNames.IdOf(canonical);
        folded[nameof(EnvironmentLock.Name)] = canonical;
        db.Locks.Add((EnvironmentLock)folded.ToObject());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica folded it first (the lower-case name is taken now); its copy is the one reached.
            return;
        }

        var newId = EnvironmentNames.IdOf(canonical);
        await db.Set<WaitingPullRequest>().Where(waiting => waiting.EnvironmentId == old.CorrelationId)
            .ExecuteUpdateAsync(set => set.SetProperty(waiting => waiting.EnvironmentId, newId), cancellationToken);
        await db.Set<LockHistoryEntry>().Where(entry => entry.EnvironmentId == old.CorrelationId)
            .ExecuteUpdateAsync(set => set.SetProperty(entry => entry.EnvironmentId, newId), cancellationToken);
        await db.Locks.Where(environment => environment.CorrelationId == old.CorrelationId).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogFolded(logger, stored, canonical);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Environment lock '{Stored}' is now '{Canonical}': names ignore case")]
    static partial void LogFolded(ILogger logger, string stored, string canonical);

    [LoggerMessage(Level = LogLevel.Error, Message =
        "Environment locks {Spellings} differ only by case and were not merged: the API reaches '{Canonical}' (a new lock if none is stored " +
        "under it), the others are kept as they were and reached by nothing. Decide which to keep, delete the others (table environment_locks, column Name), and restart")]
    static partial void LogCaseTwins(ILogger logger, string canonical, string spellings);
}
