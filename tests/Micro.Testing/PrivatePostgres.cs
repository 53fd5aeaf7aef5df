using System.Security.Cryptography;

namespace Micro.Testing;

/// <summary>
/// A PostgreSQL server of a test's own, for tests that stop the database: the shared one must keep running for every other suite.
/// Started and stopped by <c>deploy/local/deps.sh</c> with its own run directory and port, keeping its data across a stop.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    // Not CreateTempSubdirectory, whose directories only their owner may enter: PostgreSQL runs as its own user and must reach its data.
    readonly string runDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"micro-private-postgres-{Guid.NewGuid():N}")).FullName;
    readonly int port = ServiceProcess.FreePort();
    // A persistent server's password comes from the environment only (deploy/local/deps.sh keeps no secret on disk).
    readonly string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    string server = string.Empty;

    PrivatePostgres()
    {
    }

    /// <summary>A connection string to database <paramref name="database"/> on this server (created by the service's migrations).</summary>
    public string ConnectionString(string database) => $"{server};Database={database}";

    public static async Task<PrivatePostgres> Start()
    {
        var postgres = new PrivatePostgres();
        var started = await postgres.Deps("start", "postgres");
        postgres.server = started.Output.Split('\n').Select(line => line.Trim())
            .Single(line => line.StartsWith("export MICRO_TEST_POSTGRES=", StringComparison.Ordinal))["export MICRO_TEST_POSTGRES=".Length..].Trim('\'');
        return postgres;
    }

    public Task StartAgain() => Deps("start", "postgres");

    public Task Stop() => Deps("stop", "postgres");

    public async ValueTask DisposeAsync()
    {
        await Stop();
        Directory.Delete(runDirectory, recursive: true);
    }

    Task<CommandResult> Deps(params string[] arguments) =>
        Command.Succeed(Path.Combine(SourceTree.Root, "deploy", "local", "deps.sh"), arguments,
        [
            new("MICRO_TEST_RUN_DIR", runDirectory),
            new("MICRO_TEST_PG_PORT", port.ToString()),
            new("MICRO_DEPS_PERSISTENT", "1"),
            new("MICRO_POSTGRES_PASSWORD", password),
        ], TimeSpan.FromMinutes(3));
}
