using Micro.Persistence.Database;
using Micro.Persistence.Tests.Counting;
using Micro.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micro.Persistence.Tests;

/// <summary>
/// On PostgreSQL a service's hot statements are prepared on the connection, so the server parses and plans them once, unless the
/// configured connection string turns that off (as it must behind a pooler in transaction mode).
/// </summary>
public sealed class PostgresStatementReuseTests : IAsyncLifetime
{
    readonly PostgresDatabase database = PostgresDatabase.Reserve("statement_reuse_tests");

    [Fact]
    public async Task A_statement_run_over_and_over_is_prepared_once_on_the_connection()
    {
        Assert.True(await PreparedAfterRepeatedLoads(database.ConnectionString) > 0);
    }

    [Fact]
    public async Task A_connection_string_that_turns_preparing_off_is_obeyed()
    {
        Assert.Equal(0, await PreparedAfterRepeatedLoads(database.ConnectionString + ";Max Auto Prepare=0"));
    }

    async Task<long> PreparedAfterRepeatedLoads(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Counters"] = connectionString,
        });
        builder.AddServiceDatabase<CounterDbContext>("Counters");
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<CounterDbContext>>().CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            for (var load = 0; load < 10; load++)
                await db.Set<CounterState>().Where(counter => counter.CorrelationId == Guid.NewGuid()).ToListAsync();

            return await db.Database.SqlQuery<long>($"SELECT count(*) AS \"Value\" FROM pg_prepared_statements").SingleAsync();
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await database.DisposeAsync();
}
