using Micro.PubSub;
using Micro.PubSub.Push;
using Microsoft.Extensions.Options;

namespace Micro.Ingestion.PubSub;

/// <summary>
/// Pulls workflow requests from <c>PubSub:WorkflowSubscription</c>: stores each message in the delivery log, then acknowledges it.
/// While a batch is being stored its lease is extended, so Pub/Sub does not hand it to another replica meanwhile; a message that
/// could not be stored is released at once (ack deadline zero) to be pulled again.
/// </summary>
sealed partial class WorkflowSubscriber(
    PubSubClient pubSub,
    PubSubIntake intake,
    IOptions<WorkflowSubscriptionOptions> options,
    IOptions<PubSubOptions> client,
    ILogger<WorkflowSubscriber> logger) : BackgroundService
{
    readonly WorkflowSubscriptionOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Pulls)
            return;

        var subscription = PubSubNames.Subscription(client.Value.ProjectId, settings.WorkflowSubscription!);
        LogPulling(logger, subscription);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var received = await pubSub.Pull(subscription, settings.PullMaxMessages, stoppingToken);
                failures = 0;
                if (received.Count == 0)
                    await Task.Delay(settings.PullIdleDelay, stoppingToken);
                else
                    await Take(subscription, received, stoppingToken);
            }
            catch (PubSubException exception)
            {
                failures++;
                LogPullFailed(logger, subscription, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(failures, 6)))), stoppingToken);
            }
        }
    }

    async Task Take(string subscription, IReadOnlyList<ReceivedMessage> received, CancellationToken stoppingToken)
    {
        var ackIds = received.Select(message => message.AckId).ToList();
        using var storing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var lease = KeepLeased(subscription, ackIds, storing.Token);
        bool[] stored;
        try
        {
            stored = await Task.WhenAll(received.Select(message => Store(subscription, message, stoppingToken)));
        }
        finally
        {
            await storing.CancelAsync();
            await lease;
        }

        var taken = ackIds.Where((_, i) => stored[i]).ToList();
        var left = ackIds.Where((_, i) => !stored[i]).ToList();
        if (taken.Count > 0)
            await pubSub.Acknowledge(subscription, taken, stoppingToken);
        if (left.Count > 0)
        {
            LogNotStored(logger, left.Count, subscription);
            await pubSub.ModifyAckDeadline(subscription, left, TimeSpan.Zero, stoppingToken);
        }
    }

    Task<bool> Store(string subscription, ReceivedMessage received, CancellationToken cancellationToken)
    {
        var envelope = new PushEnvelope(received.Message, subscription);
        var problem = PushEnvelope.ProblemOf(envelope);
        var delivery = problem is null
            ? PubSubDeliveries.Accepted(envelope)
            : PubSubDeliveries.Rejected(System.Text.Encoding.UTF8.GetBytes(envelope.ToJson()), received.Message.MessageId, problem);
        return intake.Store(delivery, problem is null ? PubSubDeliveries.Requested(envelope, delivery.ReceivedAt) : null, cancellationToken);
    }

    async Task KeepLeased(string subscription, List<string> ackIds, CancellationToken storing)
    {
        try
        {
            while (true)
            {
                await pubSub.ModifyAckDeadline(subscription, ackIds, settings.AckExtension, storing);
                await Task.Delay(settings.AckExtension / 2, storing);
            }
        }
        catch (OperationCanceledException) when (storing.IsCancellationRequested)
        {
        }
        catch (PubSubException exception)
        {
            // The messages stay leased until their current deadline; at worst one is pulled again and found a duplicate.
            LogLeaseFailed(logger, subscription, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulling workflow requests from Pub/Sub subscription {Subscription}")]
    static partial void LogPulling(ILogger logger, string subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pulling from Pub/Sub subscription {Subscription} failed: {Reason}")]
    static partial void LogPullFailed(ILogger logger, string subscription, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} message(s) pulled from {Subscription} could not be stored; released to be pulled again")]
    static partial void LogNotStored(ILogger logger, int count, string subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extending the ack deadline on {Subscription} failed: {Reason}")]
    static partial void LogLeaseFailed(ILogger logger, string subscription, string reason);
}
