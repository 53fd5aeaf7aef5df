using System.Collections.Concurrent;
using MassTransit;
using Micro.Contracts.GitHub;
using Micro.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.PrLock.Tests;

/// <summary>
/// After a crash the standalone host publishes again the events some consumer had not finished, with their message ids: the PR lock's
/// consumers must take a repeat as a no-op, without an inbox, because each effect is stated as an end state.
/// </summary>
public sealed class RepeatedEventTests : IAsyncLifetime
{
    const string Repository = "acme/web";
    PrLockService service = null!;

    public async Task InitializeAsync() => service = await PrLockService.Start();

    public async Task DisposeAsync() => await service.DisposeAsync();

    [Fact]
    public async Task A_closed_pull_request_published_again_with_its_message_id_changes_nothing()
    {
        var bus = service.Services.GetRequiredService<IBus>();
        var consumed = new ConsumedTimes();
        using var observing = bus.ConnectConsumeObserver(consumed);
        await service.Acquire("repeat", 21, Repository);
        await service.Acquire("repeat", 22, Repository);
        await service.Acquire("repeat", 23, Repository);
        var closed = new PullRequestEvent(new GitHubEventOrigin("delivery-21", new GitHubRepository(Repository, $"https://github.com/{Repository}"), null, "octocat"),
            PullRequestAction.Closed, 21, "feature", new string('a', 40), "main", "octocat", true, DateTimeOffset.UtcNow);
        var messageId = NewId.NextGuid();

        await bus.Publish(closed, context => context.MessageId = messageId);
        await Eventually.True(() => consumed.Of(messageId) >= 1, "the close was consumed");
        await service.Post("repeat", "abort", 22);
        var before = (await service.State("repeat")).GetRawText();
        await bus.Publish(closed, context => context.MessageId = messageId);
        await Eventually.True(() => consumed.Of(messageId) >= 2, "the repeated close was consumed");

        Assert.Equal(before, (await service.State("repeat")).GetRawText());
        Assert.Equal(23, (await service.State("repeat")).Number("holder"));
    }

    sealed class ConsumedTimes : IConsumeObserver
    {
        readonly ConcurrentDictionary<Guid, int> times = new();

        public int Of(Guid messageId) => times.GetValueOrDefault(messageId);

        // Counted per consumer: the lock consumer and whichever others take pull-request events.
        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            if (context.Message is PullRequestEvent && context.MessageId is { } id)
                times.AddOrUpdate(id, 1, (_, count) => count + 1);
            return Task.CompletedTask;
        }

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
