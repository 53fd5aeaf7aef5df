namespace Micro.Messaging;

/// <summary>
/// A receive endpoint that handles at most <paramref name="Limit"/> messages at a time, and fetches no more than that from the broker,
/// whatever <c>Messaging:ConcurrentMessageLimit</c> and <c>Messaging:PrefetchCount</c> say for the others. For consumers whose messages
/// take long (a git workflow's run): a message fetched ahead waits unacknowledged behind them, and the broker's consumer time-out would
/// hand it out again. Register it as a singleton; <paramref name="EndpointName"/> is the endpoint's queue name.
/// </summary>
public sealed record EndpointConcurrency(string EndpointName, int Limit);
