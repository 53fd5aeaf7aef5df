using System.Net;
using System.Net.Sockets;

namespace Micro.Testing;

/// <summary>
/// A RabbitMQ node of a test's own, for tests that stop the broker: the shared one must keep running for every other suite. Started
/// and stopped by <c>deploy/local/deps.sh</c> with its own run directory and ports, keeping its queues and messages across a stop
/// as a real broker does.
/// </summary>
public sealed class PrivateRabbitMq : IAsyncDisposable
{
    readonly string runDirectory = Directory.CreateTempSubdirectory("micro-private-rabbitmq-").FullName;
    readonly int port = FreePortRun(3);

    PrivateRabbitMq()
    {
    }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{port}/";

    public static async Task<PrivateRabbitMq> Start()
    {
        var broker = new PrivateRabbitMq();
        await broker.StartAgain();
        return broker;
    }

    public Task StartAgain() => Deps("start", "rabbitmq");

    public Task Stop() => Deps("stop", "rabbitmq");

    public async ValueTask DisposeAsync()
    {
        await Stop();
        Directory.Delete(runDirectory, recursive: true);
    }

    Task Deps(params string[] arguments) =>
        Command.Succeed(Path.Combine(SourceTree.Root, "deploy", "local", "deps.sh"), arguments,
        [
            new("MICRO_TEST_RUN_DIR", runDirectory),
            new("MICRO_TEST_RABBITMQ_PORT", port.ToString()),
            new("MICRO_DEPS_PERSISTENT", "1"),
        ], TimeSpan.FromMinutes(3));

    /// <summary>The first of <paramref name="count"/> consecutive free ports: AMQP, then the node's distribution port and its epmd.</summary>
    static int FreePortRun(int count)
    {
        while (true)
        {
            var first = ServiceProcess.FreePort();
            if (first + count <= IPEndPoint.MaxPort && Enumerable.Range(first + 1, count - 1).All(IsFree))
                return first;
        }
    }

    static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
