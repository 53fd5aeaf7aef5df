using RabbitMQ.Client;

namespace Micro.Benchmarks;

/// <summary>
/// The messages waiting in a virtual host's queues, read over AMQP at the moment asked: a passive declare of each queue answers its
/// ready messages in a round trip. <c>rabbitmqctl</c> starts an Erlang VM for every reading, which on a loaded 2-core machine took
/// 10-60 s, so a reading "when the load stopped" was in truth one taken after the consumers had caught up. A passive declare does not
/// count the messages consumers fetched and are handling (at most their prefetch each); <see cref="Unacknowledged"/> asks
/// <c>rabbitmqctl</c> for those, once the ready ones are gone.
/// </summary>
sealed class QueueDepths : IAsyncDisposable
{
    readonly IConnection connection;
    readonly IChannel channel;
    readonly IReadOnlyList<string> queues;
    readonly Func<Task<string>> listUnacknowledged;

    QueueDepths(IConnection connection, IChannel channel, IReadOnlyList<string> queues, Func<Task<string>> listUnacknowledged)
    {
        this.connection = connection;
        this.channel = channel;
        this.queues = queues;
        this.listUnacknowledged = listUnacknowledged;
    }

    /// <param name="broker">The broker with the virtual host as its path: <c>amqp://user:password@host:port/vhost</c>.</param>
    /// <param name="listQueues">Runs <c>rabbitmqctl list_queues -p vhost</c> with the given columns and no header line, answering its output.</param>
    public static async Task<QueueDepths> Open(Uri broker, Func<string[], Task<string>> listQueues)
    {
        // The consumers' queues, as the services declared them at start-up; error and skipped queues hold nothing left to consume.
        var queues = Rows(await listQueues(["name"])).Select(fields => fields[0])
            .Where(name => !name.EndsWith("_error", StringComparison.Ordinal) && !name.EndsWith("_skipped", StringComparison.Ordinal))
            .ToList();
        var connection = await new ConnectionFactory { Uri = broker, ClientProvidedName = "micro-benchmark" }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        return new QueueDepths(connection, channel, queues, () => listQueues(["name", "messages_unacknowledged"]));
    }

    /// <summary>Ready messages by queue, those with any.</summary>
    public async Task<Dictionary<string, long>> Ready()
    {
        var ready = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var queue in queues)
        {
            var declared = await channel.QueueDeclarePassiveAsync(queue);
            if (declared.MessageCount > 0)
                ready[queue] = declared.MessageCount;
        }

        return ready;
    }

    /// <summary>Messages delivered to consumers and not yet acknowledged, by queue, those with any (slow: <c>rabbitmqctl</c>).</summary>
    public async Task<Dictionary<string, long>> Unacknowledged() =>
        Rows(await listUnacknowledged())
            .Where(fields => fields.Length >= 2 && long.TryParse(fields[^1], System.Globalization.CultureInfo.InvariantCulture, out var count) && count > 0)
            .ToDictionary(fields => fields[0], fields => long.Parse(fields[^1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    static IEnumerable<string[]> Rows(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => line.Split('\t', ' '));

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
