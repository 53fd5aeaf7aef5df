using System.Diagnostics;
using Micro.Testing;

namespace Micro.PrLock.Tests;

/// <summary>Runs <c>deploy/pipelines/pr-lock.sh</c> the way a pipeline step does: bash, arguments, environment.</summary>
static class PipelineScript
{
    public sealed record Run(int ExitCode, string Output, string Errors);

    public static async Task<Run> Invoke(IDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(SharedFixtures.RepositoryRoot, "deploy", "pipelines", "pr-lock.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "MICRO_URL", "MICRO_TOKEN", "MICRO_REPOSITORY", "GITHUB_OUTPUT" })
            start.Environment.Remove(name);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return new Run(process.ExitCode, await output, await errors);
    }
}
