using Micro.Testing;

namespace Micro.RunnerBroker.Tests.Slurm;

/// <summary>
/// The real single-node Slurm that <c>./test.sh</c> starts on loopback (<c>deploy/local/deps-slurm.sh</c>): slurmrestd's address, the
/// cluster's JWT key, the unprivileged user jobs run as and a directory that user (and the tests) can write. Tests never skip: without
/// it they fail and say how to get it.
/// </summary>
public static class SlurmCluster
{
    public static Uri ApiUrl => new(Required("MICRO_TEST_SLURM_URL"));

    public static string JwtKeyFile => Required("MICRO_TEST_SLURM_JWT_KEY_FILE");

    public static string User => Required("MICRO_TEST_SLURM_USER");

    public static string WorkDirectory => Required("MICRO_TEST_SLURM_WORK_DIR");

    /// <summary>A new directory the job user can write to and the test can read, for one test's job output and stand-in commands.</summary>
    public static string NewDirectory()
    {
        var directory = Directory.CreateDirectory(Path.Combine(WorkDirectory, $"test-{Guid.NewGuid():N}"));
        // rwx for all: the job runs as another user than the test.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory.FullName, (UnixFileMode)0b111_111_111);
        return directory.FullName;
    }

    /// <summary>What <c>squeue</c> lists for the job (its state), or an empty string once Slurm no longer counts it as queued or running.</summary>
    public static async Task<string> Squeue(long jobId)
    {
        var result = await SlurmCommand("squeue", "--noheader", $"--jobs={jobId}", "--format=%T");
        // squeue fails with "Invalid job id specified" for a job the controller has already forgotten.
        return result.ExitCode == 0 ? result.Output.Trim() : string.Empty;
    }

    /// <summary>The batch script Slurm keeps for the job (<c>scontrol write batch_script</c>, which needs root or the job's user).</summary>
    public static async Task<string> BatchScript(long jobId)
    {
        var result = await SlurmCommand("scontrol", "write", "batch_script", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-");
        Assert.True(result.ExitCode == 0, $"scontrol write batch_script {jobId} failed: {result.Errors}");
        return result.Output;
    }

    static Task<CommandResult> SlurmCommand(string command, params string[] arguments) =>
        Command.Run(command, arguments, [new("SLURM_CONF", Required("MICRO_TEST_SLURM_CONF"))]);

    static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the tests with ./test.sh, which starts a single-node Slurm on 127.0.0.1 (deploy/local/deps.sh), " +
                "or start it with 'eval \"$(deploy/local/deps.sh start slurm)\"' and run dotnet test again.");
}
