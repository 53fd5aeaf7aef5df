using Micro.Testing;

namespace Micro.PrLock.Tests;

/// <summary>Runs <c>deploy/pipelines/pr-lock.sh</c> the way a pipeline step does: bash, arguments, environment.</summary>
static class PipelineScript
{
    /// <summary>Only what the test sets reaches the script: a MICRO_URL in the runner's own environment must not leak in.</summary>
    static readonly string[] ScriptSettings = ["MICRO_URL", "MICRO_TOKEN", "MICRO_REPOSITORY", "GITHUB_OUTPUT"];

    public static Task<CommandResult> Invoke(IDictionary<string, string> environment, params string[] arguments) =>
        Command.Run("bash", [Path.Combine(SourceTree.Root, "deploy", "pipelines", "pr-lock.sh"), .. arguments],
            ScriptSettings.Select(name => KeyValuePair.Create(name, environment.TryGetValue(name, out var value) ? value : null))
                .Concat(environment.Where(setting => !ScriptSettings.Contains(setting.Key)).Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))));
}
