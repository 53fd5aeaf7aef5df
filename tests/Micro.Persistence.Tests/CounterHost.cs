using MassTransit;
using Micro.Messaging;
using Micro.Persistence.Outbox;
using Micro.Persistence.Tests.Counting;
using Micro.Persistence.Tests.Tallying;
using Micro.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Persistence.Tests;

/// <summary>A service whose bus runs the counter saga on the saga repository under test, with the database it is given.</summary>
public sealed class CounterHost : IAsyncDisposable
{
    readonly TestWebHost host;

    CounterHost(TestWebHost host)
    {
        this.host = host;
        host.Services.GetRequiredService<IBus>().ConnectConsumeObserver(Consumed);
    }

    public ConsumedMessages Consumed { get; } = new();

    public IBus Bus => host.Services.GetRequiredService<IBus>();

    public static async Task<CounterHost> Start(IDictionary<string, string?> database)
    {
        var settings = new Dictionary<string, string?>(database)
        {
            ["Messaging:Transport"] = nameof(MessageTransport.InMemory),
            ["Messaging:ConcurrentMessageLimit"] = "32",
        };
        return new CounterHost(await TestWebHost.Start(settings, micro => micro.Add(new CounterModule())));
    }

    public async Task<List<CounterState>> Counters()
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<CounterDbContext>>().CreateDbContextAsync();
        return await db.Set<CounterState>().AsNoTracking().ToListAsync();
    }

    /// <summary>PostgreSQL's version of a counter's row (its <c>xmin</c>), which every write of the row changes.</summary>
    public async Task<long> RowVersion(Guid counter)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<CounterDbContext>>().CreateDbContextAsync();
        return await db.Database.SqlQuery<long>($"SELECT xmin::text::bigint AS \"Value\" FROM counters WHERE \"CorrelationId\" = {counter}")
            .SingleAsync();
    }

    public async Task<List<string>> Tallies()
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<CounterDbContext>>().CreateDbContextAsync();
        return await db.Set<TallyEntry>().Select(entry => entry.Name).ToListAsync();
    }

    /// <summary>Commits <paramref name="rows"/> to the outbox in one transaction, as a service does with the change they announce.</summary>
    public async Task AddToOutbox(IEnumerable<OutboxMessage> rows)
    {
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<CounterDbContext>>().CreateDbContextAsync())
        {
            db.Set<OutboxMessage>().AddRange(rows);
            await db.SaveChangesAsync();
        }

        host.Services.GetRequiredService<OutboxRelay<CounterDbContext>>().Wake();
    }

    public async Task<List<OutboxMessage>> OutboxRows()
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<CounterDbContext>>().CreateDbContextAsync();
        return await db.Set<OutboxMessage>().AsNoTracking().ToListAsync();
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
