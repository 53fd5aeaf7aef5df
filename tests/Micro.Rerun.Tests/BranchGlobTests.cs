namespace Micro.Rerun.Tests;

/// <summary>One meaning of a branch pattern for Rerun:Branches and the CircleCI rules: GitHub's workflow filters'.</summary>
public sealed class BranchGlobTests
{
    [Theory]
    [InlineData("hotfix/*", "hotfix/login", true)]
    [InlineData("hotfix/*", "hotfix/login/v2", false)]
    [InlineData("hotfix/**", "hotfix/login/v2", true)]
    [InlineData("**", "feature/a/b", true)]
    [InlineData("*", "feature/a", false)]
    [InlineData("release/1.?", "release/1.4", true)]
    [InlineData("release/1.?", "release/1.10", false)]
    [InlineData("master", "master", true)]
    [InlineData("master", "Master", false)]
    [InlineData("release/(1)", "release/(1)", true)]
    public void Patterns_match_as_in_GitHub_workflow_filters(string pattern, string branch, bool matches) =>
        Assert.Equal(matches, BranchGlob.Matches(pattern, branch));
}
