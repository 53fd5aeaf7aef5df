namespace Micro.Testing;

/// <summary>
/// Google's Pub/Sub emulator that <c>./test.sh</c> starts on loopback (<c>deploy/local/deps.sh start pubsub</c>). It keeps everything in
/// memory and accepts any project, so each test works in a project of its own. Integration tests never skip: without it they fail.
/// </summary>
public static class PubSubEmulator
{
    public static string Host =>
        Environment.GetEnvironmentVariable("MICRO_TEST_PUBSUB_EMULATOR_HOST") is { Length: > 0 } host
            ? host
            : throw new InvalidOperationException(
                "MICRO_TEST_PUBSUB_EMULATOR_HOST is not set. Run the tests with ./test.sh, which starts the Pub/Sub emulator on 127.0.0.1, " +
                "or start it with 'eval \"$(deploy/local/deps.sh start pubsub)\"' and run dotnet test again.");

    /// <summary>A project id no other test uses.</summary>
    public static string NewProject() => $"micro-test-{Guid.NewGuid():N}"[..26];

    /// <summary>The settings that point a Micro host's Pub/Sub client at the emulator, in <paramref name="project"/>.</summary>
    public static Dictionary<string, string?> Settings(string project) => new()
    {
        ["PubSub:EmulatorHost"] = Host,
        ["PubSub:ProjectId"] = project,
    };
}
