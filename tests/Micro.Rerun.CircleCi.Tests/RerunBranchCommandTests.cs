using Micro.Testing.Fakes;

namespace Micro.Rerun.CircleCi.Tests;

/// <summary>The CLI as a drop-in for the old tool: its environment variables in, its kind of messages and exit codes out.</summary>
public sealed class RerunBranchCommandTests : FakeApiTests
{
    Dictionary<string, string?> OldToolEnvironment(bool dryRun = false) => new()
    {
        ["BRANCH_PREFIX"] = "release/",
        ["DRY_RUN"] = dryRun ? "true" : "false",
        ["CIRCLE_CI_PROJECT_SLUG"] = Slug,
        ["CIRCLE_CI_WORKFLOW_NAME"] = "deploy_staging",
        ["GITHUB_ORG_SLUG"] = "acme",
        ["GITHUB_PROJECT_SLUG"] = "core-api",
        ["CIRCLE_CI_TOKEN"] = FakeCircleCi.Token,
        ["GITHUB_TOKEN"] = FakeGitHub.Token,
        ["GitHub__ApiUrl"] = GitHub.ApiUrl.ToString(),
        ["CircleCi__ApiUrl"] = CircleCi.ApiUrl.ToString(),
    };

    [Fact]
    public async Task It_reruns_the_workflow_and_says_what_it_found()
    {
        var workflow = GivenWorkflow("failed");

        var result = await MicroRerunCli.Run(OldToolEnvironment(), "rerun-branch");

        Assert.Equal(0, result.ExitCode);
        var rerun = Assert.Single(CircleCi.Reruns);
        Assert.Equal(workflow, rerun.WorkflowId);
        Assert.Contains("found branch release/1.4", result.Output);
        Assert.Contains($"found workflow deploy_staging ({workflow}) with status failed", result.Output);
        Assert.Contains($"requested: new workflow {rerun.NewWorkflowId}", result.Output);
        Assert.DoesNotContain(FakeCircleCi.Token, result.Output + result.Errors);
    }

    [Fact]
    public async Task A_dry_run_reruns_nothing()
    {
        GivenWorkflow("failed");

        var result = await MicroRerunCli.Run(OldToolEnvironment(dryRun: true), "rerun-branch");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("dry run: would rerun workflow deploy_staging", result.Output);
        Assert.Empty(CircleCi.Reruns);
    }

    [Fact]
    public async Task A_running_workflow_is_left_alone()
    {
        GivenWorkflow("running");

        var result = await MicroRerunCli.Run(OldToolEnvironment(), "rerun-branch");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("is still in flight (status running): not rerunning it", result.Output);
        Assert.Empty(CircleCi.Reruns);
    }

    [Fact]
    public async Task No_matching_branch_is_a_warning_and_success()
    {
        GitHub.SetBranches("acme/core-api", "main");

        var result = await MicroRerunCli.Run(OldToolEnvironment(), "rerun-branch");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: no branch of acme/core-api starts with 'release/': nothing to rerun", result.Output);
    }

    [Fact]
    public async Task Two_matching_branches_fail_the_step()
    {
        GitHub.SetBranches("acme/core-api", "release/1.4", "release/1.5");

        var result = await MicroRerunCli.Run(OldToolEnvironment(), "rerun-branch");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: too many branches found: 2, expected at most 1", result.Errors);
    }

    [Fact]
    public async Task An_api_error_fails_the_step_with_status_and_message()
    {
        GitHub.SetBranches("acme/core-api", "release/1.4");

        var result = await MicroRerunCli.Run(OldToolEnvironment(), "rerun-branch");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: listing the pipelines of gh/acme/core-api on branch release/1.4 on CircleCI: CircleCI answered 404: Project not found",
            result.Errors);
    }

    [Theory]
    [InlineData("BRANCH_PREFIX")]
    [InlineData("CIRCLE_CI_PROJECT_SLUG")]
    [InlineData("CIRCLE_CI_WORKFLOW_NAME")]
    [InlineData("GITHUB_ORG_SLUG")]
    [InlineData("GITHUB_PROJECT_SLUG")]
    [InlineData("CIRCLE_CI_TOKEN")]
    [InlineData("GITHUB_TOKEN")]
    public async Task A_missing_variable_is_a_usage_error_naming_it(string variable)
    {
        GivenWorkflow("failed");
        var environment = OldToolEnvironment();
        environment[variable] = null;

        var result = await MicroRerunCli.Run(environment, "rerun-branch");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"configuration error: {variable} is not set", result.Errors);
        Assert.Empty(CircleCi.Reruns);
    }

    [Fact]
    public async Task A_dry_run_value_that_is_not_a_boolean_is_a_usage_error()
    {
        var environment = OldToolEnvironment();
        environment["DRY_RUN"] = "perhaps";

        var result = await MicroRerunCli.Run(environment, "rerun-branch");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DRY_RUN must be true or false", result.Errors);
    }

    [Fact]
    public async Task Without_a_command_it_prints_usage()
    {
        var result = await MicroRerunCli.Run(OldToolEnvironment());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: micro-rerun rerun-branch", result.Errors);
    }
}
