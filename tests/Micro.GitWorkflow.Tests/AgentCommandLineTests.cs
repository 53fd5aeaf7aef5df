using Micro.GitWorkflow.Agents;
using Micro.GitWorkflow.Workflows;
using Microsoft.Extensions.Configuration;

namespace Micro.GitWorkflow.Tests;

/// <summary>How an agent's command line is made from its templates, and the names the original gave branches.</summary>
public sealed class AgentCommandLineTests
{
    [Fact]
    public void The_default_pluscoder_agent_gets_the_task_as_one_argument_and_leaves_out_options_without_a_value()
    {
        var arguments = AgentCommandLine.Arguments(AgentSettings.PlusCoderDefault, new AgentTask("Add a login; rm -rf /", "gpt-4o", null, "--debug  --verbose"));

        Assert.Equal(
            ["--user_input", "Add a login; rm -rf /", "--auto_confirm", "yes", "--default_agent", "developer", "--model", "gpt-4o", "--debug", "--verbose"],
            arguments);
    }

    [Theory]
    [InlineData("my feature/with:odd*chars", "develop", "my_feature_with_odd_chars")]
    [InlineData("develop", "develop", null)]
    [InlineData("master", "develop", null)]
    public void A_feature_branch_is_cleaned_and_never_a_protected_or_the_source_branch(string feature, string source, string? expected)
    {
        var branch = BranchNames.Feature(feature, source, "Ada Lovelace", "pluscoder");

        if (expected is null)
            Assert.Matches(@"^feature/Ada_Lovelace-\d{4}$", branch);
        else
            Assert.Equal(expected, branch);
    }

    [Fact]
    public void GIT_TOKEN_sets_the_git_token_unless_the_section_does()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["GIT_TOKEN"] = "from-env" }).Build();
        var unset = new GitWorkflowOptions();
        var set = new GitWorkflowOptions { GitToken = "from-section" };

        unset.ApplyAliases(configuration);
        set.ApplyAliases(configuration);

        Assert.Equal(("from-env", "from-section"), (unset.GitToken, set.GitToken));
    }
}
