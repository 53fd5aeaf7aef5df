using DotNet.Testcontainers.Configurations;
using Testcontainers.RabbitMq;

namespace Micro.Testing;

/// <summary>
/// The RabbitMQ broker of this test process. Where a Docker engine answers, a container of its own started through Testcontainers
/// from <c>MICRO_TEST_RABBITMQ_IMAGE</c> (the public <c>rabbitmq:3.13-management</c> by default; <c>./test.sh</c> names the local
/// stand-in that <c>deploy/docker/images.sh</c> builds where no registry is reachable), removed when the process exits. Without
/// Docker, the local process that <c>deploy/local/deps.sh</c> starts (<c>MICRO_TEST_RABBITMQ</c>). <c>MICRO_TEST_BROKER=container</c>
/// or <c>local</c> chooses explicitly (./test.sh does). Which one ran is written to standard error and appended to
/// <c>MICRO_TEST_BROKER_LOG</c> (test.sh prints a summary).
/// </summary>
public abstract class TestBroker
{
    /// <summary>The label test.sh removes leftover broker containers by (a test process killed by the hang detector).</summary>
    public const string ContainerLabel = "micro.test-broker";

    const string DefaultImage = "rabbitmq:3.13-management";

    static readonly Lazy<TestBroker> current = new(() => Task.Run(Start).GetAwaiter().GetResult());

    public static TestBroker Current => current.Value;

    /// <summary>The default virtual host, with credentials that may create others.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>What runs, in a sentence for the test output.</summary>
    public abstract string Description { get; }

    public abstract Task RabbitMqCtl(params string[] arguments);

    static async Task<TestBroker> Start()
    {
        var choice = Environment.GetEnvironmentVariable("MICRO_TEST_BROKER");
        TestBroker broker = choice switch
        {
            "container" => await ContainerBroker.Launch(),
            "local" => new LocalBroker(),
            null or "" => await ContainerFits() ? await ContainerBroker.Launch() : new LocalBroker(),
            _ => throw new InvalidOperationException($"MICRO_TEST_BROKER is '{choice}': use 'container', 'local' or leave it unset."),
        };
        Report(broker);
        return broker;
    }

    /// <summary>
    /// A Docker engine answers, and either the image is already there or no local broker is configured to fall back on (then
    /// Testcontainers pulls it). Where <c>MICRO_TEST_RABBITMQ</c> names a local broker and the image would have to be pulled
    /// (<c>deploy/local/deps.sh env</c> without <c>./test.sh</c>), the local broker it is.
    /// </summary>
    static async Task<bool> ContainerFits()
    {
        var image = await DockerEngine.HasImage(ContainerBroker.Image);
        return image switch
        {
            null => false,
            true => true,
            false => string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MICRO_TEST_RABBITMQ")),
        };
    }

    static void Report(TestBroker broker)
    {
        var line = $"test broker for {AppDomain.CurrentDomain.FriendlyName} (pid {Environment.ProcessId}): {broker.Description}";
        Console.Error.WriteLine(line);
        if (Environment.GetEnvironmentVariable("MICRO_TEST_BROKER_LOG") is { Length: > 0 } log)
            File.AppendAllText(log, line + Environment.NewLine);
    }

    sealed class LocalBroker : TestBroker
    {
        public override string ConnectionString => TestInfrastructure.LocalRabbitMq;

        public override string Description => $"the local RabbitMQ process on port {new Uri(ConnectionString).Port} (deploy/local/deps.sh)";

        public override Task RabbitMqCtl(params string[] arguments) =>
            Command.Succeed(Path.Combine(SourceTree.Root, "deploy", "local", "deps.sh"), ["rabbitmqctl", .. arguments]);
    }

    sealed class ContainerBroker(RabbitMqContainer container, string image, string connectionString) : TestBroker
    {
        public override string ConnectionString => connectionString;

        public override string Description => $"RabbitMQ in Docker container {container.Name.TrimStart('/')} from image {image} (Testcontainers)";

        public static string Image =>
            Environment.GetEnvironmentVariable("MICRO_TEST_RABBITMQ_IMAGE") is { Length: > 0 } configured ? configured : DefaultImage;

        public static async Task<ContainerBroker> Launch()
        {
            var image = Image;
            // Before Testcontainers reads its configuration, which it does once.
            await DockerEngine.SpeakItsApiVersion();
            // Ryuk, Testcontainers' reaper, is an image of its own that a machine without a registry cannot pull; the process removes
            // its container on exit instead, and test.sh removes what a killed process left behind by the label.
            TestcontainersSettings.ResourceReaperEnabled = false;
            // guest/guest as on the local broker, which some tests name (the public image and its stand-in accept guest from other hosts).
            var container = new RabbitMqBuilder(image)
                .WithUsername("guest")
                .WithPassword("guest")
                .WithLabel(ContainerLabel, Environment.GetEnvironmentVariable("MICRO_TEST_SESSION") ?? "none")
                .Build();
            try
            {
                await container.StartAsync();
            }
            catch (Exception e)
            {
                await container.DisposeAsync();
                throw new InvalidOperationException(
                    $"Could not start RabbitMQ from image {image} through Testcontainers ({e.Message}). Where no registry is reachable, " +
                    "build the local stand-in with deploy/docker/images.sh ensure and set MICRO_TEST_RABBITMQ_IMAGE to the image it prints " +
                    "(./test.sh does both), or use the local process with MICRO_TEST_BROKER=local.", e);
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return new ContainerBroker(container, image, Reachable(container));
        }

        /// <summary>
        /// On Linux with a local engine, straight to the container's address on the bridge network: the published port goes
        /// through docker-proxy, which copies every byte in user space, a cost the load tests would pay on a busy machine.
        /// </summary>
        static string Reachable(RabbitMqContainer container)
        {
            var published = new Uri(container.GetConnectionString());
            if (!OperatingSystem.IsLinux() || DockerEngine.SocketPath is null || string.IsNullOrEmpty(container.IpAddress))
                return published.ToString();
            return new UriBuilder(published) { Host = container.IpAddress, Port = RabbitMqBuilder.RabbitMqPort }.Uri.ToString();
        }

        public override async Task RabbitMqCtl(params string[] arguments)
        {
            var result = await container.ExecAsync(["rabbitmqctl", .. arguments]);
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr}{result.Stdout}");
        }
    }
}
