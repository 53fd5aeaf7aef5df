using System.Diagnostics;
using Micro.Testing;

namespace Micro.Rerun.CircleCi.Tests;

/// <summary>The built <c>micro-rerun</c> run as a CI step runs it: <c>dotnet micro-rerun.dll ...</c> with environment variables.</summary>
static class MicroRerunCli
{
    public sealed record Result(int ExitCode, string Output, string Errors);

    static string Assembly => Path.Combine(SharedFixtures.RepositoryRoot,
        $"services/Rerun/Micro.Rerun.Cli/bin/{ServiceProcess.BuildConfiguration}/net10.0/micro-rerun.dll");

    public static async Task<Result> Run(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Assembly, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        // Only what the test sets: a token in the runner's own environment must not make a "missing" case pass.
        foreach (var inherited in start.Environment.Keys.Where(IsMicroSetting).ToList())
            start.Environment.Remove(inherited);
        foreach (var (key, value) in environment)
        {
            if (value is null)
                start.Environment.Remove(key);
            else
                start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await errors);
    }

    static bool IsMicroSetting(string name) =>
        name.StartsWith("GITHUB_", StringComparison.Ordinal) || name.StartsWith("CIRCLE_CI_", StringComparison.Ordinal)
        || name.StartsWith("GitHub__", StringComparison.OrdinalIgnoreCase) || name.StartsWith("CircleCi__", StringComparison.OrdinalIgnoreCase)
        || name is "BRANCH_PREFIX" or "DRY_RUN";
}
