using System.Net;
using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Micro.Ingestion.Publishing;
using Micro.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Ingestion.Tests;

/// <summary>The delivery log keeps deliveries for <c>Ingestion:Retention</c>, then deletes them with their outbox rows.</summary>
public sealed class DeliveryRetentionTests
{
    [Fact]
    public async Task Deliveries_older_than_the_retention_are_deleted_with_their_outbox_rows_and_newer_ones_kept()
    {
        var directory = Directory.CreateTempSubdirectory("micro-ingestion-retention-").FullName;
        await using var service = await IngestionService.Start(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = directory,
            ["Messaging:Transport"] = "InMemory",
            ["Ingestion:Retention"] = "1.00:00:00",
            ["Ingestion:RetentionSweepInterval"] = "00:00:00.200",
        });
        var body = WebhookPayloads.Read("workflow_job", "queued.payload.json");
        var old = Guid.NewGuid().ToString();
        var recent = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Accepted, (await service.Deliver("workflow_job", body, old)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await service.Deliver("workflow_job", body, recent)).StatusCode);
        await AgeAndEnqueueAgain(service, old, TimeSpan.FromDays(2));

        await Eventually.True(async () => (await service.Client.GetAsync($"/api/ingestion/deliveries/{old}")).StatusCode == HttpStatusCode.NotFound,
            "the old delivery is deleted");

        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync($"/api/ingestion/deliveries/{recent}")).StatusCode);
        await using var db = await Contexts(service).CreateDbContextAsync();
        Assert.False(await db.PendingPublications.AnyAsync(p => p.DeliveryId == old), "the old delivery's outbox row is deleted too");
    }

    /// <summary>Makes a delivery look received long ago, with an event still waiting in the outbox.</summary>
    static async Task AgeAndEnqueueAgain(IngestionService service, string deliveryId, TimeSpan age)
    {
        await using var db = await Contexts(service).CreateDbContextAsync();
        var delivery = await db.Deliveries.SingleAsync(d => d.DeliveryId == deliveryId);
        db.PendingPublications.Add(Outbox.PublicationOf(delivery, holdBack: TimeSpan.FromDays(1)));
        await db.SaveChangesAsync();
        await db.Deliveries.Where(d => d.DeliveryId == deliveryId)
            .ExecuteUpdateAsync(update => update.SetProperty(d => d.ReceivedAt, DateTime.UtcNow - age));
    }

    static IDbContextFactory<IngestionDbContext> Contexts(IngestionService service) =>
        service.Services.GetRequiredService<IDbContextFactory<IngestionDbContext>>();
}
