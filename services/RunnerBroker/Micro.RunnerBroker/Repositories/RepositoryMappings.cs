using Micro.RunnerBroker.Data;
using Microsoft.EntityFrameworkCore;

namespace Micro.RunnerBroker.Repositories;

/// <summary>Which launcher user each repository's runners run as, kept in the service's database.</summary>
public sealed class RepositoryMappings(IDbContextFactory<RunnerBrokerDbContext> contexts, TimeProvider clock)
{
    public async Task<string?> UserOf(string repository, CancellationToken cancellationToken)
    {
        var key = repository.ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Repositories.AsNoTracking().Where(mapping => mapping.RepositoryKey == key).Select(mapping => mapping.User)
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RepositoryMapping>> List(string? user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Repositories.AsNoTracking();
        if (user is not null)
            query = query.Where(mapping => mapping.User == user);
        return await query.OrderBy(mapping => mapping.RepositoryKey).ToListAsync(cancellationToken);
    }

    /// <summary>Maps the repository to the user; answers the mapping as written and whether the repository was mapped before.</summary>
    public Task<(RepositoryMapping Mapping, bool Existed)> Map(string repository, string user, CancellationToken cancellationToken) =>
        AgainOnCollision(() => MapOnce(repository, user, cancellationToken));

    async Task<(RepositoryMapping Mapping, bool Existed)> MapOnce(string repository, string user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Repositories.FindAsync([repository.ToLowerInvariant()], cancellationToken);
        var mapping = existing ?? db.Repositories.Add(RepositoryMapping.Of(repository, user, Now())).Entity;
        (mapping.Repository, mapping.User, mapping.UpdatedAt) = (repository, user, Now());
        await db.SaveChangesAsync(cancellationToken);
        return (mapping, existing is not null);
    }

    public async Task<bool> Unmap(string repository, CancellationToken cancellationToken)
    {
        var key = repository.ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Repositories.Where(mapping => mapping.RepositoryKey == key).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>The original's promise for <c>POST /repositories/{username}</c>: the user's list becomes exactly these repositories.</summary>
    public Task Replace(string user, IReadOnlyList<string> repositories, CancellationToken cancellationToken) =>
        AgainOnCollision(async () =>
        {
            await ReplaceOnce(user, repositories, cancellationToken);
            return true;
        });

    async Task ReplaceOnce(string user, IReadOnlyList<string> repositories, CancellationToken cancellationToken)
    {
        var wanted = repositories.DistinctBy(repository => repository.ToLowerInvariant()).ToDictionary(repository => repository.ToLowerInvariant());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var keys = wanted.Keys.ToList();
        var affected = await db.Repositories.Where(mapping => mapping.User == user || keys.Contains(mapping.RepositoryKey)).ToListAsync(cancellationToken);
        foreach (var mapping in affected.Where(mapping => !wanted.ContainsKey(mapping.RepositoryKey)))
            db.Repositories.Remove(mapping);
        foreach (var (key, repository) in wanted)
        {
            if (affected.FirstOrDefault(mapping => mapping.RepositoryKey == key) is { } existing)
                (existing.Repository, existing.User, existing.UpdatedAt) = (repository, user, Now());
            else
                db.Repositories.Add(RepositoryMapping.Of(repository, user, Now()));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Adds the configured mappings of repositories the database does not map yet: what was changed through the API stays.</summary>
    public async Task Seed(IReadOnlyDictionary<string, List<string>> configured, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = (await db.Repositories.Select(mapping => mapping.RepositoryKey).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var (user, repositories) in configured)
        {
            foreach (var repository in repositories.Where(repository => known.Add(repository.ToLowerInvariant())))
                db.Repositories.Add(RepositoryMapping.Of(repository, user, Now()));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica seeded the same repositories first; theirs are the same.
        }
    }

    /// <summary>
    /// Two writers adding the same new repository at once (two replicas, two pipelines) collide on its key; the loser writes again
    /// and then finds the winner's row, so both callers get an answer rather than an error.
    /// </summary>
    static async Task<T> AgainOnCollision<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (DbUpdateException) when (attempt < 5)
            {
            }
        }
    }

    DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
