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

    /// <summary>Maps the repository to the user; answers whether it was mapped before.</summary>
    public async Task<bool> Map(string repository, string user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Repositories.FindAsync([repository.ToLowerInvariant()], cancellationToken);
        if (existing is null)
            db.Repositories.Add(RepositoryMapping.Of(repository, user, Now()));
        else
            (existing.Repository, existing.User, existing.UpdatedAt) = (repository, user, Now());
        await db.SaveChangesAsync(cancellationToken);
        return existing is not null;
    }

    public async Task<bool> Unmap(string repository, CancellationToken cancellationToken)
    {
        var key = repository.ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Repositories.Where(mapping => mapping.RepositoryKey == key).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>The original's promise for <c>POST /repositories/{username}</c>: the user's list becomes exactly these repositories.</summary>
    public async Task Replace(string user, IReadOnlyList<string> repositories, CancellationToken cancellationToken)
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

    DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
