using MassTransit;
using Micro.Persistence.Outbox;
using Micro.Persistence.Tests.Counting;
using Micro.Persistence.Tests.Tallying;
using Micro.Testing;

namespace Micro.Persistence.Tests;

/// <summary>What the saga repository and idempotent consumers promise, whichever database a service runs on.</summary>
public abstract class SagaRepositoryContract : IAsyncLifetime
{
    CounterHost service = null!;
    IDictionary<string, string?> database = null!;

    protected abstract Task<IDictionary<string, string?>> CreateDatabase();

    public async Task InitializeAsync()
    {
        database = await CreateDatabase();
        service = await CounterHost.Start(database);
    }

    public virtual async Task DisposeAsync() => await service.DisposeAsync();

    protected CounterHost Service => service;

    [Fact]
    public async Task Fifty_concurrent_messages_to_one_saga_are_all_counted_once()
    {
        var counter = Guid.NewGuid();
        await service.Bus.Publish(new IncrementCounter(counter));
        await Eventually.True(() => service.Consumed.Of<IncrementCounter>() == 1, "the first increment created the saga");

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => service.Bus.Publish(new IncrementCounter(counter))));
        await Eventually.True(() => service.Consumed.Of<IncrementCounter>() == 51, "all 51 increments were consumed");

        var saga = Assert.Single(await service.Counters());
        Assert.Equal(51, saga.Count);
    }

    [Fact]
    public async Task Concurrent_initiating_messages_create_exactly_one_instance()
    {
        var counters = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(counters.SelectMany(counter => new[]
        {
            service.Bus.Publish(new IncrementCounter(counter)),
            service.Bus.Publish(new IncrementCounter(counter)),
        }));
        await Eventually.True(() => service.Consumed.Of<IncrementCounter>() == 20, "both increments of every counter were consumed");

        var sagas = await service.Counters();
        Assert.Equal(counters.Order(), sagas.Select(saga => saga.CorrelationId).Order());
        Assert.All(sagas, saga => Assert.Equal(2, saga.Count));
    }

    [Fact]
    public async Task A_finalized_saga_leaves_no_row_behind()
    {
        var closed = Guid.NewGuid();
        var open = Guid.NewGuid();
        await Task.WhenAll(service.Bus.Publish(new IncrementCounter(closed)), service.Bus.Publish(new IncrementCounter(open)));
        await Eventually.True(() => service.Consumed.Of<IncrementCounter>() == 2, "both counters exist");

        await service.Bus.Publish(new CloseCounter(closed));
        await Eventually.True(() => service.Consumed.Of<CloseCounter>() == 1, "the close was consumed");

        var remaining = Assert.Single(await service.Counters());
        Assert.Equal(open, remaining.CorrelationId);
    }

    [Fact]
    public async Task An_idempotent_consumer_handles_each_message_id_once_however_often_it_arrives()
    {
        var repeated = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => service.Bus.Publish(new RecordTally("repeated"), context => context.MessageId = repeated))
            .Append(service.Bus.Publish(new RecordTally("other"))));
        await Eventually.True(() => service.Consumed.Of<RecordTally>() == 6, "every copy was consumed");

        Assert.Equal(["other", "repeated"], (await service.Tallies()).Order());
    }

    [Fact]
    public async Task Outbox_events_are_published_once_each_and_removed()
    {
        var names = Enumerable.Range(0, 20).Select(i => $"outbox-{i}").ToList();

        await service.AddToOutbox(names.Select(name => OutboxMessage.Of(new RecordTally(name), DateTimeOffset.UtcNow)));

        await Eventually.True(async () => (await service.OutboxRows()).Count == 0, "the outbox is empty");
        await Eventually.True(() => service.Consumed.Of<RecordTally>() == 20, "every event was consumed");
        Assert.Equal(names.Order(), (await service.Tallies()).Order());
    }

    [Fact]
    public async Task Two_replicas_share_one_outbox_and_publish_each_row_once()
    {
        await using var replica = await CounterHost.Start(database);
        var names = Enumerable.Range(0, 200).Select(i => $"shared-{i}").ToList();

        await Task.WhenAll(names.Chunk(20).Select((chunk, i) =>
            (i % 2 == 0 ? service : replica).AddToOutbox(chunk.Select(name => OutboxMessage.Of(new RecordTally(name), DateTimeOffset.UtcNow)))));

        await Eventually.True(async () => (await service.OutboxRows()).Count == 0, "the outbox is empty");
        await Eventually.True(async () => (await service.Tallies()).Count == names.Count, "every event was handled");
        Assert.Equal(names.Count, service.Consumed.Of<RecordTally>() + replica.Consumed.Of<RecordTally>());
    }

    [Fact]
    public async Task An_unreadable_outbox_row_is_set_aside_and_the_rest_go_out()
    {
        var unreadable = new OutboxMessage { MessageId = Guid.NewGuid(), MessageType = "Micro.Retired.Event, Micro.Retired", Body = "{}", CreatedAt = DateTimeOffset.UtcNow };

        await service.AddToOutbox([unreadable, OutboxMessage.Of(new RecordTally("after the unreadable one"), DateTimeOffset.UtcNow)]);

        await Eventually.True(async () => (await service.Tallies()).Contains("after the unreadable one"), "the readable event was published");
        // The relay settles its batch after publishing, so the consumer can see the event before the batch is settled.
        await Eventually.True(async () => await service.OutboxRows() is [{ Failure: not null }], "the unreadable row is set aside and the other removed");
        var setAside = Assert.Single(await service.OutboxRows());
        Assert.Equal(unreadable.MessageId, setAside.MessageId);
        Assert.Contains("Micro.Retired", setAside.Failure);
    }

    [Fact]
    public async Task An_outbox_row_the_broker_keeps_refusing_is_set_aside_after_bounded_attempts_and_the_rest_go_out()
    {
        var refused = OutboxMessage.Of(new RecordTally("refused"), DateTimeOffset.UtcNow);
        using var refusal = service.Bus.ConnectPublishObserver(new RefusedTally("refused"));

        await service.AddToOutbox([refused, OutboxMessage.Of(new RecordTally("after the refused one"), DateTimeOffset.UtcNow)]);

        await Eventually.True(async () => (await service.Tallies()).Contains("after the refused one"), "the other event was published");
        await Eventually.True(async () => (await service.OutboxRows()).SingleOrDefault()?.Failure is not null,
            "the refused row is set aside", TimeSpan.FromMinutes(1));
        var setAside = Assert.Single(await service.OutboxRows());
        Assert.Equal(refused.MessageId, setAside.MessageId);
        Assert.Contains($"failed {OutboxRelay<CounterDbContext>.MaxAttempts} times", setAside.Failure);
        Assert.DoesNotContain("refused", await service.Tallies());
    }

    /// <summary>A broker that takes every message but one, as if that message could not be sent.</summary>
    sealed class RefusedTally(string name) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context)
            where T : class =>
            context.Message is RecordTally tally && tally.Name == name ? throw new InvalidOperationException("refused by the test") : Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
