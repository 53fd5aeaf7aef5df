using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.Tests;

/// <summary>A wrong setting stops the service at start with a message naming the key, instead of re-running the wrong runs.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Rerun:MaxAttempts", "0", "Rerun:MaxAttempts")]
    [InlineData("Rerun:MaxAttempts", "51", "Rerun:MaxAttempts")]
    [InlineData("RUN_ATTEMPTS", "four", "RUN_ATTEMPTS")]
    [InlineData("Rerun:Conclusions:0", "failed", "Rerun:Conclusions")]
    [InlineData("Rerun:Delay", "-00:00:01", "Rerun:Delay")]
    [InlineData("Rerun:Repositories:acme:MaxAttempts", "2", "Rerun:Repositories:acme")]
    [InlineData("Rerun:Repositories:acme/api:MaxAttempts", "0", "Rerun:Repositories:acme/api:MaxAttempts")]
    [InlineData("Rerun:Repositories:acme/api:Conclusions:0", "timeout", "Rerun:Repositories:acme/api:Conclusions")]
    public async Task A_wrong_setting_stops_the_start_and_names_its_key(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StandaloneMicro.Start(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task The_old_tools_variables_and_the_section_add_up_and_the_section_wins_for_the_attempt_limit()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?>
        {
            ["RUN_ATTEMPTS"] = "2",
            ["Rerun:MaxAttempts"] = "5",
            ["NO_RETRY_LIST"] = "alice, bob",
            ["Rerun:ExcludedActors:0"] = "carol",
            ["REPO_BRANCHES"] = "main",
            ["Rerun:Repositories:Acme/Api:Branches:0"] = "release/**",
        });

        var options = micro.Services.GetRequiredService<IOptions<GitHubActions.RerunOptions>>().Value;
        Assert.Equal(5, options.MaxAttempts);
        Assert.Equal(["carol", "alice", "bob"], options.ExcludedActors);
        var policy = options.For("acme/api");
        Assert.True(policy.Covers("release/1.2/hotfix"));
        Assert.False(policy.Covers("main"));
        Assert.True(options.For("acme/other").Covers("main"));
        Assert.Equal(["failure"], policy.Conclusions);
    }
}
