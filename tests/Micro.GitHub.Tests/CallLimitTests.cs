using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Micro.GitHub.Tests;

/// <summary>The call limits GitHub's section shares with CircleCI's are checked where they are set, naming the setting.</summary>
public sealed class CallLimitTests
{
    [Theory]
    [InlineData("Timeout", "00:00:00")]
    [InlineData("Timeout", "01:00:00")]
    [InlineData("RetryAttempts", "0")]
    [InlineData("RetryDelay", "00:05:00")]
    public void A_call_limit_out_of_bounds_is_refused_naming_it(string setting, string value)
    {
        using var host = GitHubClientHost.Build(new Uri("http://127.0.0.1:9/"),
            new Dictionary<string, string?> { ["GitHub:Token"] = "ghp_x", [$"GitHub:{setting}"] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<GitHubOptions>>().Value);

        Assert.Contains(setting, failure.Message);
    }

    [Fact]
    public void The_call_limits_default_to_thirty_seconds_and_three_reads()
    {
        using var host = GitHubClientHost.Build(new Uri("http://127.0.0.1:9/"));

        var limits = host.Services.GetRequiredService<IOptions<GitHubOptions>>().Value.CallLimits;

        Assert.Equal(TimeSpan.FromSeconds(30), limits.Timeout);
        Assert.Equal(3, limits.RetryAttempts);
    }
}
