using System.Collections.Concurrent;
using MassTransit;
using Micro.Contracts.GitHub;

namespace Micro.PrLock.Tests;

/// <summary>The deliveries whose pull-request events the service has finished consuming, so a test knows an event had its (lack of) effect.</summary>
public sealed class ConsumedPullRequests : IConsumeObserver
{
    readonly ConcurrentDictionary<string, bool> deliveries = new();

    public bool Contains(string deliveryId) => deliveries.ContainsKey(deliveryId);

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        if (context.Message is PullRequestEvent pullRequest)
            deliveries[pullRequest.Origin.DeliveryId] = true;
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
