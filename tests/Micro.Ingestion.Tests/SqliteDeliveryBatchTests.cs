using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Ingestion.Tests;

/// <summary>
/// The standalone host stores deliveries in SQLite with its own INSERT statements rather than EF Core's change tracking. What it
/// writes must read back through EF Core as what was received, and an id stored before must stay a duplicate with no second event.
/// </summary>
public sealed class SqliteDeliveryBatchTests(StandaloneIngestionFixture fixture) : IClassFixture<StandaloneIngestionFixture>
{
    [Fact]
    public async Task A_stored_delivery_reads_back_as_received_with_its_outbox_row()
    {
        // Far ahead, so the outbox poller leaves the row alone while the test reads it.
        var received = new DateTime(2099, 11, 30, 21, 15, 42, 123, DateTimeKind.Utc).AddTicks(4567);
        var delivery = new Delivery
        {
            DeliveryId = Guid.NewGuid().ToString(),
            Event = "workflow_job",
            Action = "completed",
            Repository = "octo-org/octo-repo",
            InstallationId = 42,
            Sender = "octocat",
            ReceivedAt = received,
            Payload = """{"action":"completed","note":"ünïcode"}""",
            State = DeliveryState.Received,
        };
        var row = new PendingPublication
        {
            MessageId = Guid.NewGuid(),
            DeliveryId = delivery.DeliveryId,
            EnqueuedAt = received,
            NotBefore = received.AddSeconds(5),
        };

        var stored = await Insert((delivery, row));

        await using var db = await Contexts.CreateDbContextAsync();
        var read = await db.Deliveries.AsNoTracking().SingleAsync(d => d.DeliveryId == delivery.DeliveryId);
        Assert.Equivalent(delivery, read, strict: true);
        Assert.Equal(DateTimeKind.Utc, read.ReceivedAt.Kind);
        var queued = await db.PendingPublications.AsNoTracking().SingleAsync(p => p.DeliveryId == delivery.DeliveryId);
        Assert.Equal(stored[delivery.DeliveryId], queued.Sequence);
        Assert.Equal(row.MessageId, queued.MessageId);
        Assert.Equal(row.NotBefore, queued.NotBefore);
        // The outbox poller selects due rows by comparing stored times: a row due in the past is found, one due later is not.
        Assert.True(await db.PendingPublications.AnyAsync(p => p.DeliveryId == delivery.DeliveryId && p.NotBefore <= received.AddSeconds(6)));
        Assert.False(await db.PendingPublications.AnyAsync(p => p.DeliveryId == delivery.DeliveryId && p.NotBefore <= received.AddSeconds(4)));
    }

    [Fact]
    public async Task An_id_stored_before_is_skipped_with_its_outbox_row_and_the_rest_of_the_batch_is_stored()
    {
        var known = Delivery(Guid.NewGuid().ToString());
        await Insert((known, Publication(known)));
        var fresh = Delivery(Guid.NewGuid().ToString());
        var repeat = Delivery(known.DeliveryId);

        var stored = await Insert((repeat, Publication(repeat)), (fresh, Publication(fresh)));

        Assert.Equal([fresh.DeliveryId], stored.Keys);
        await using var db = await Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.PendingPublications.CountAsync(p => p.DeliveryId == known.DeliveryId));
        Assert.Equal(1, await db.PendingPublications.CountAsync(p => p.DeliveryId == fresh.DeliveryId));
    }

    IDbContextFactory<IngestionDbContext> Contexts => fixture.Service.Services.GetRequiredService<IDbContextFactory<IngestionDbContext>>();

    async Task<Dictionary<string, long?>> Insert(params (Delivery Delivery, PendingPublication? Row)[] writes)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await SqliteDeliveryBatch.Insert(db, writes);
    }

    static Delivery Delivery(string deliveryId) => new()
    {
        DeliveryId = deliveryId,
        Event = "workflow_job",
        ReceivedAt = DateTime.UtcNow,
        Payload = "{}",
        State = DeliveryState.Received,
    };

    static PendingPublication Publication(Delivery delivery) =>
        new() { MessageId = Guid.NewGuid(), DeliveryId = delivery.DeliveryId, EnqueuedAt = DateTime.UtcNow, NotBefore = DateTime.UtcNow.AddHours(1) };
}
