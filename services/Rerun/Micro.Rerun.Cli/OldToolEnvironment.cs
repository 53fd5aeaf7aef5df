using Micro.CircleCi;

namespace Micro.Rerun.Cli;

/// <summary>The old tool's environment variables, read as it read them, into a request; or the first one that is missing.</summary>
static class OldToolEnvironment
{
    public static BranchRerunRequest Read(Func<string, string?> variable)
    {
        string Required(string name) =>
            variable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : throw new ConfigurationProblem($"{name} is not set");

        var prefix = Required("BRANCH_PREFIX");
        var projectSlug = Required("CIRCLE_CI_PROJECT_SLUG");
        var workflowName = Required("CIRCLE_CI_WORKFLOW_NAME");
        var repository = $"{Required("GITHUB_ORG_SLUG")}/{Required("GITHUB_PROJECT_SLUG")}";
        return new BranchRerunRequest(repository, prefix, projectSlug, workflowName, DryRun(variable("DRY_RUN")));
    }

    static bool DryRun(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "0" or "no" => false,
        "true" or "1" or "yes" => true,
        _ => throw new ConfigurationProblem($"DRY_RUN must be true or false, not '{value}'"),
    };
}
