using System.Diagnostics;
using System.Net;
using Micro.Contracts.PrLock;
using Micro.Persistence.Outbox;
using Micro.PrLock.Data;
using Micro.PrLock.Locks;
using Micro.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.PrLock.Tests;

/// <summary>A lock decision stands and is answered when the broker cannot take its events; the events wait in the outbox.</summary>
public sealed class BrokerOutageTests
{
    [Fact]
    public async Task With_the_broker_unreachable_acquire_is_still_decided_and_answered()
    {
        await using var service = await PrLockService.Start(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            // Port 1: nothing listens there, so every connection is refused at once (a port that was free a moment ago may be
            // taken meanwhile, for example by a broker container the tests publish).
            ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/",
        });
        var clock = Stopwatch.StartNew();

        var granted = await service.Acquire("outage", 1);
        var refused = await service.Acquire("outage", 2);

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"answered in {clock.Elapsed}");
        Assert.Equal(1, (await service.State("outage")).Number("holder"));
        await using var db = await service.Services.GetRequiredService<IDbContextFactory<PrLockDbContext>>().CreateDbContextAsync();
        var waiting = await db.Set<OutboxMessage>().Select(message => message.MessageType).ToListAsync();
        Assert.Contains(waiting, type => type.StartsWith(typeof(PrLockGranted).FullName!, StringComparison.Ordinal));
        Assert.Contains(waiting, type => type.StartsWith(typeof(PrLockQueued).FullName!, StringComparison.Ordinal));
    }
}
