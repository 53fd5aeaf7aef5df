using Micro.Testing;

namespace Micro.Rerun.CircleCi.Tests;

/// <summary>The built <c>micro-rerun</c> run as a CI step runs it: <c>dotnet micro-rerun.dll ...</c> with environment variables.</summary>
static class MicroRerunCli
{
    static string Assembly => Path.Combine(SourceTree.Root,
        $"services/Rerun/Micro.Rerun.Cli/bin/{ServiceProcess.BuildConfiguration}/net10.0/micro-rerun.dll");

    public static Task<CommandResult> Run(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        // Only what the test sets: a token in the runner's own environment must not make a "missing" case pass.
        var inherited = Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(IsMicroSetting)
            .Select(name => KeyValuePair.Create(name, (string?)null));
        return Command.Run("dotnet", [Assembly, .. arguments], inherited.Concat(environment), workingDirectory: Path.GetTempPath());
    }

    static bool IsMicroSetting(string name) =>
        name.StartsWith("GITHUB_", StringComparison.Ordinal) || name.StartsWith("CIRCLE_CI_", StringComparison.Ordinal)
        || name.StartsWith("GitHub__", StringComparison.OrdinalIgnoreCase) || name.StartsWith("CircleCi__", StringComparison.OrdinalIgnoreCase)
        || name is "BRANCH_PREFIX" or "DRY_RUN";
}
