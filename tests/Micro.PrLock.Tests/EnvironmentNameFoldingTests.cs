using Micro.PrLock.Data;
using Micro.PrLock.Locks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.PrLock.Tests;

/// <summary>
/// Locks stored before names ignored case, under a name with upper-case letters (and so under that spelling's id), are still reached
/// after an upgrade; two that differ only by case are not merged.
/// </summary>
public sealed class EnvironmentNameFoldingTests : IAsyncLifetime
{
    readonly string data = Directory.CreateTempSubdirectory("micro-prlock-fold-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_lock_stored_under_an_upper_case_name_keeps_its_holder_queue_and_history()
    {
        await using (var before = await Service())
        {
            await before.Acquire("staging", 7);
            await before.Acquire("staging", 8);
        }

        StoreAsEarlierVersionsDid("staging", "Staging");

        await using var after = await Service();
        var state = await after.State("STAGING");
        Assert.Equal(("staging", "Started", 7), (state.Text("environment"), state.Text("status"), state.Number("holder")));
        Assert.Equal(8, Assert.Single(state.GetProperty("queue").EnumerateArray()).Number("pullRequest"));
        Assert.NotEmpty(state.GetProperty("history").EnumerateArray());
        var refused = await (await after.Acquire("Staging", 9)).Json();
        Assert.Equal("locked", refused.Text("result"));
        Assert.Equal(["staging"], await StoredNames(after));
    }

    [Fact]
    public async Task Two_locks_whose_names_differ_only_by_case_are_both_kept_and_the_lower_case_one_is_reached()
    {
        await using (var before = await Service())
        {
            await before.Acquire("shared", 3);
            await before.Acquire("other", 4);
        }

        StoreAsEarlierVersionsDid("other", "Shared");

        await using var after = await Service();
        Assert.Equal(3, (await after.State("SHARED")).Number("holder"));
        Assert.Equal(["Shared", "shared"], await StoredNames(after));
    }

    Task<PrLockService> Service() => PrLockService.Start(new Dictionary<string, string?> { ["Database:DataDirectory"] = data });

    /// <summary>Renames the stored lock <paramref name="current"/> to <paramref name="earlier"/>, under an id of that spelling.</summary>
    void StoreAsEarlierVersionsDid(string current, string earlier)
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "prlock.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        // EF Core keeps Guids in SQLite as upper-case text.
        command.Parameters.AddWithValue("$old", EnvironmentNames.IdOf(current).ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$new", Guid.NewGuid().ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$name", earlier);
        command.CommandText = """
            PRAGMA foreign_keys = OFF;
            UPDATE environment_locks SET "CorrelationId" = $new, "Name" = $name WHERE "CorrelationId" = $old;
            UPDATE waiting_pull_requests SET "EnvironmentId" = $new WHERE "EnvironmentId" = $old;
            UPDATE lock_history SET "EnvironmentId" = $new WHERE "EnvironmentId" = $old;
            """;
        Assert.True(command.ExecuteNonQuery() > 0, $"no lock named {current} was stored");
    }

    static async Task<List<string>> StoredNames(PrLockService service)
    {
        await using var db = await service.Services.GetRequiredService<IDbContextFactory<PrLockDbContext>>().CreateDbContextAsync();
        return await db.Locks.Select(environment => environment.Name).OrderBy(name => name).ToListAsync();
    }
}
