using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Micro.Ingestion.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.Tests;

/// <summary>
/// GitHub may send one delivery id twice at once (a redelivery racing the original). The repeat lands in the same batch as the
/// first, and its answer must follow the first's fate: a 200 "duplicate" for a delivery that is then not stored would lose it.
/// </summary>
public sealed class DeliveryStoreTests(StandaloneIngestionFixture fixture) : IClassFixture<StandaloneIngestionFixture>
{
    [Fact]
    public async Task A_repeat_in_the_same_batch_as_a_stored_delivery_is_a_duplicate()
    {
        var deliveryId = Guid.NewGuid().ToString();
        var first = new DeliveryStore.PendingWrite(Delivery(deliveryId), Message: null);
        var repeat = new DeliveryStore.PendingWrite(Delivery(deliveryId), Message: null);

        await Services.GetRequiredService<DeliveryStore>().Write([first, repeat]);

        Assert.Equal(StoreOutcome.Stored, await first.Completion.Task);
        Assert.Equal(StoreOutcome.Duplicate, await repeat.Completion.Task);
    }

    [Fact]
    public async Task A_repeat_in_the_same_batch_as_a_delivery_that_could_not_be_stored_fails_too()
    {
        var store = StoreOn("Host=127.0.0.1;Port=1;Database=unreachable;Username=micro;Timeout=2");
        var deliveryId = Guid.NewGuid().ToString();
        var first = new DeliveryStore.PendingWrite(Delivery(deliveryId), Message: null);
        var repeat = new DeliveryStore.PendingWrite(Delivery(deliveryId), Message: null);

        await store.Write([first, repeat]);

        await Assert.ThrowsAsync<DeliveryNotStoredException>(() => first.Completion.Task);
        await Assert.ThrowsAsync<DeliveryNotStoredException>(() => repeat.Completion.Task);
    }

    IServiceProvider Services => fixture.Service.Services;

    /// <summary>A store like the service's own, but writing to a PostgreSQL server that does not answer.</summary>
    DeliveryStore StoreOn(string connectionString) =>
        new(new PooledDbContextFactory<IngestionDbContext>(new DbContextOptionsBuilder<IngestionDbContext>().UseNpgsql(connectionString).Options),
            Services.GetRequiredService<OutboxDispatcher>(), Services.GetRequiredService<IOptions<OutboxOptions>>(), NullLogger<DeliveryStore>.Instance);

    static Delivery Delivery(string deliveryId) => new()
    {
        DeliveryId = deliveryId,
        Event = "workflow_job",
        ReceivedAt = DateTime.UtcNow,
        Payload = "{}",
        State = DeliveryState.Ignored,
    };
}
